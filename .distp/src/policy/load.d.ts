import type { CompiledPolicy } from './compile.js';
import type { PolicySource } from './source.js';
/** The policy files under `paths`: files as given, directories' *.yaml, *.yml, *.json (not recursive), sorted. */
export declare function policyFiles(paths: string[]): Promise<string[]>;
/**
 * Reads the sources. An unreadable path or an empty set becomes a fault, so callers report it the
 * same way as a syntax error.
 * @throws VerbatimError ERR_POLICY_INVALID
 */
export declare function readPolicySources(paths: string[]): Promise<PolicySource[]>;
/** Reads and compiles the policy at `paths` (files or directories). */
export declare function loadPolicy(paths: string[]): Promise<CompiledPolicy>;
