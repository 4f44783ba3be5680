/** @module policy/replay: evaluate again, condition by condition, a call whose outcome was recorded; pure. */
import type { CompiledPolicy } from './compile.js';
import type { PolicyRequest } from './evaluate.js';
/** A condition's outcome as a decision record keeps it (the audit record's `reasons`). */
export interface RecordedReason {
    rule: string;
    op?: string;
    pointer?: string;
    held: boolean;
}
export interface ReplayedCondition {
    rule: string;
    effect: 'allow' | 'deny';
    op?: string;
    pointer?: string;
    /** What the record says, or null when it says nothing for this condition. */
    recorded: boolean | null;
    /** What it evaluates to now, or null when its value was redacted (then the recorded outcome is used). */
    now: boolean | null;
}
export interface ReplayResult {
    /** `undetermined` when a redacted condition has no recorded outcome to stand in for it. */
    decision: 'allow' | 'deny' | 'undetermined';
    code?: 'ERR_POLICY_NO_MATCH' | 'ERR_POLICY_DENIED';
    ruleIds: string[];
    conditions: ReplayedCondition[];
}
/**
 * Evaluates `request` under `policy` exactly as `evaluate` does, and lines each condition up with
 * the recorded one at the same place. A condition that reads a redacted value cannot be evaluated
 * again: its recorded outcome stands in, and the result says so per condition.
 * @example replayDecision(policy, { agent, tool, value }, { recorded: record.reasons, redacted: (reads) => reads.includes('/token') })
 */
export declare function replayDecision(policy: CompiledPolicy, request: PolicyRequest, o?: {
    recorded?: readonly RecordedReason[];
    redacted?: (reads: readonly string[]) => boolean;
}): ReplayResult;
