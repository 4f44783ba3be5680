import type { CliIO } from './io.js';
export declare const TEST_USAGE: string;
export declare function policyTestCommand(args: string[], io: CliIO): Promise<number>;
