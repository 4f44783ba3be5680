import type { ReplayResult } from '../policy/index.js';
import type { AuditRecord } from './types.js';
export interface ExplainResult {
    /** reproduced: the verdict follows; not-reproduced: it does not; cannot-check: the log lacks what it takes. */
    status: 'reproduced' | 'not-reproduced' | 'cannot-check';
    decisionId: string;
    agent: string | null;
    tool: string | null;
    ts: number;
    seq: number;
    recorded: {
        verdict: string;
        code: string | null;
        ruleIds: string[];
        reason: string | null;
    };
    /** The policy record used: its seq, digest, files; `matches`: the text compiles to the digest that decided. */
    policy: {
        seq: number;
        digest: string;
        files: {
            path: string;
            sha256: string;
        }[];
        matches: boolean;
    } | null;
    /** How the arguments were recorded; `digestMatches` for full arguments (their RFC 8785 bytes hash to the decision's digest). */
    arguments: {
        mode: 'full' | 'redacted' | 'none';
        redacted: string[];
        digestMatches: boolean | null;
    };
    replay: ReplayResult | null;
    /** What differs between the record and the replay (empty when reproduced). */
    differences: string[];
    /** For cannot-check: why. */
    why?: string;
}
/** The policy records that can explain a decision: ok, with text, the decision's digest. The last before it wins. */
export declare function pickPolicyRecord(decision: AuditRecord, policies: readonly AuditRecord[]): AuditRecord | null;
/**
 * Evaluates the decision's recorded arguments again under the recorded policy text, and compares
 * the verdict, the code, the deciding rules and every condition's outcome with the record.
 * @example explainDecision(decisionRecord, policyRecord).status // 'reproduced'
 */
export declare function explainDecision(d: AuditRecord, policyRecord: AuditRecord | null): ExplainResult;
