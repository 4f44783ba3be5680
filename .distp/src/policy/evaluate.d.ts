/** @module policy/evaluate: the pure decision, Cedar-style: default deny, and any deny beats every allow. */
import type { CompiledPolicy, CompiledRule } from './compile.js';
import type { JsonValue } from './json.js';
export interface Reason {
    rule: string;
    pointer?: string;
    op?: string;
    held: boolean;
    why: string;
}
export interface Decision {
    decision: 'allow' | 'deny';
    code?: 'ERR_POLICY_NO_MATCH' | 'ERR_POLICY_DENIED';
    /** The rules that decided: every matching deny when denied, every matching allow when allowed. */
    ruleIds: string[];
    /** One reason per condition of every rule that covers this agent and tool, in rule id order. */
    reasons: Reason[];
    policyDigest: string;
}
export interface PolicyRequest {
    agent: string;
    tool: string;
    value: JsonValue;
}
/** The rules that cover `tool`, sorted by id. Cost follows the tool name's length, not other tools' rules. */
export declare function rulesForTool(policy: CompiledPolicy, tool: string): readonly CompiledRule[];
/**
 * Decides one call. Pure: a function of (policy, agent, tool, value) only.
 * @example evaluate(policy, { agent: 'coder', tool: 'fs.read', value: { path: '/workspace/a' } })
 */
export declare function evaluate(policy: CompiledPolicy, request: PolicyRequest): Decision;
/**
 * The deny reason safe to show the agent: it names only the denying rule(s) and their conditions,
 * never an allow rule or a rule that did not match.
 */
export declare function publicReason(d: Decision): string;
