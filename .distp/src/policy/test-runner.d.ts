import type { CompiledPolicy } from './compile.js';
export interface CaseResult {
    readonly file: string;
    readonly index: number;
    readonly name: string;
    readonly passed: boolean;
    /** What happened, e.g. "deny by secrets-deny" or "expected allow, got deny (ERR_POLICY_NO_MATCH)". */
    readonly detail: string;
}
/**
 * Runs every case of every file against the whole compiled set (what the gate would serve).
 * The body (`raw` bytes, or `args` serialised) goes through canonicalArguments, the gate's own step
 * with the default strict-parse profile: a refusal there is a `reject` with its code, never a deny.
 */
export declare function runPolicyTests(policy: CompiledPolicy): CaseResult[];
