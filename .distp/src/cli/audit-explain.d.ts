import type { CliIO } from './io.js';
export declare function auditExplainCommand(args: string[], io: CliIO): Promise<number>;
