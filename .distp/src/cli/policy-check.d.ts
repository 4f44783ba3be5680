import type { CompiledPolicy, PolicyFault, PolicySource } from '../policy/index.js';
import type { CliIO } from './io.js';
export declare const DEFAULT_PATHS: string[];
export declare const CHECK_USAGE: string;
/** Reads and compiles; faults of either step come back as data, with the sources that were read. */
export declare function loadSources(paths: string[]): Promise<{
    sources: PolicySource[];
    policy?: CompiledPolicy;
    faults: PolicyFault[];
}>;
export declare function policyCheckCommand(args: string[], io: CliIO): Promise<number>;
