import type { AuditArguments } from './arguments.js';
import type { JsonValue } from './types.js';
/** What policy decided (the shape of policy's `Decision`). */
export interface DecidedBy {
    decision: 'allow' | 'deny';
    code?: string;
    ruleIds: readonly string[];
    reasons: readonly {
        rule: string;
        pointer?: string;
        op?: string;
        held: boolean;
        why: string;
    }[];
    policyDigest: string;
}
export declare const DEFAULT_DENY_REASON = "no rule allows this call (default deny)";
/**
 * The decision record's policy fields: the policy digest, the rules that decided, a reason (for a
 * denial also as `message`), every condition's outcome rule by rule (`reasons`, which `audit explain`
 * replays), and the arguments as `audit.arguments` says. Outside `full`, reasons and message carry
 * no argument values: a condition's explanation quotes them.
 */
export declare function decisionRecordFields(d: DecidedBy, value: JsonValue, args: AuditArguments | undefined): Record<string, JsonValue>;
/** One line: which rules allowed or denied, and on which conditions; the default deny says so. */
export declare function reasonText(d: DecidedBy, withValues: boolean): string;
/** What the guard verified (the shape of guard's `VerifiedBinding`), and the request it came in. */
export interface ExecutedBinding {
    decisionId: string;
    agent: string;
    tool: string;
    audience: string;
    policyDigest: string;
    digest: string;
    keyid: string;
    nonce: string;
    created: number;
    expires: number;
}
/**
 * The execution record: every bound field as the guard received it, so that reconcile compares
 * each with the decision (tool, agent, audience, method, target, policy digest, key, nonce).
 */
export declare function executionRecordFields(v: ExecutedBinding, request: {
    method: string;
    path: string;
    query?: string;
}): Record<string, JsonValue>;
/**
 * A `policy` record that carries the policy's text: each source file's path, SHA-256 and content,
 * so `audit explain` can compile the very policy that decided and check its digest.
 */
export declare function policyRecordFields(policy: {
    digest: string;
    sources: readonly {
        path: string;
        text: string;
    }[];
}, paths: readonly string[]): Record<string, JsonValue>;
