import type { CliIO } from './io.js';
export declare const EXPLAIN_USAGE: string;
/** The strict-parse profile of a gate run with this config (as src/gate/server.ts builds it). */
export declare function policyExplainCommand(args: string[], io: CliIO): Promise<number>;
