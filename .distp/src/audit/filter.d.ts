/** @module audit/filter: the read filters every audit command takes (--agent --tool --since --until --verdict --code --decision); pure. */
import type { PairView } from './reconcile-types.js';
import type { AuditRecord } from './types.js';
export interface AuditFilter {
    agent?: readonly string[];
    /** Exact names, or prefixes ending in `*` (`fs.*`). */
    tool?: readonly string[];
    /** Epoch ms, inclusive. */
    since?: number;
    /** Epoch ms, exclusive. */
    until?: number;
    /** allow, deny or reject (the gate's verdict). */
    verdict?: readonly string[];
    /** An error code: the decision's, or the guard's refusal's. */
    code?: readonly string[];
    decision?: readonly string[];
}
/** True when the filter looks at anything besides time. */
export declare function filtersFields(f: AuditFilter): boolean;
/** Whether a call (a pair, or one record with what its decision adds) passes every given filter. */
export declare function matchView(f: AuditFilter, v: PairView): boolean;
/**
 * Filters records. A record that does not carry a field (a `forward` has no agent, an `execution` no
 * verdict) takes it from the other records of its decision: feed every record to `learn` first
 * (only needed when `filtersFields`), then ask `matches`. Records of no decision (start, checkpoint)
 * pass only a filter on time alone.
 */
export declare class RecordFilter {
    #private;
    readonly needsLearning: boolean;
    constructor(f: AuditFilter);
    learn(r: AuditRecord): void;
    matches(r: AuditRecord): boolean;
}
