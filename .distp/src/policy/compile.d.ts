import type { Check } from './conditions.js';
import type { PolicyFault, PolicySource } from './source.js';
import type { TestCase } from './schema.js';
/** One rule, ready to evaluate. */
export interface CompiledRule {
    readonly id: string;
    readonly effect: 'allow' | 'deny';
    readonly allAgents: boolean;
    readonly agents: ReadonlySet<string>;
    readonly checks: readonly Check[];
}
/** The tests: section of one file, kept for `verbatim policy test`; not part of the digest. */
export interface PolicyTests {
    readonly file: string;
    readonly cases: readonly TestCase[];
}
export interface CompiledPolicy {
    /** Lowercase hex SHA-256 of the JCS (RFC 8785) form of the rule set. */
    readonly digest: string;
    readonly ruleCount: number;
    /** Rules by exact tool name, each list sorted by id. */
    readonly exact: ReadonlyMap<string, readonly CompiledRule[]>;
    /** Rules by tool prefix ("fs." for "fs.*", "" for "*"), each list sorted by id. */
    readonly prefixes: ReadonlyMap<string, readonly CompiledRule[]>;
    /** The distinct prefix lengths in `prefixes`, so lookup cost follows the tool name, not the rule count. */
    readonly prefixLengths: readonly number[];
    readonly tests: readonly PolicyTests[];
    /** The files it was compiled from, as read: for checks that report file:line:col (lintPolicy, policyCoverage), and what an audit `policy` record keeps, so a decision can be re-proved. */
    readonly sources: readonly PolicySource[];
}
/**
 * Compiles policy sources into one policy. Pure: the same rules give the same digest, whatever the
 * file order, formatting or comments.
 * @throws VerbatimError ERR_POLICY_INVALID with `detail.faults: PolicyFault[]`
 */
export declare function compilePolicy(sources: PolicySource[]): CompiledPolicy;
/** Orders faults by file (in the order given), then line and column. */
export declare function sortFaults(faults: PolicyFault[], files: readonly string[]): PolicyFault[];
