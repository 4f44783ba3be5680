/** @module audit/reconcile: joins approved (gate) and executed (guard) records, streaming; pure. */
import type { ReconcileOptions, ReconcileResult } from './reconcile-types.js';
import type { AuditRecord } from './types.js';
export { BOUND_FIELDS, RECONCILE_CLASSES } from './reconcile-types.js';
export type { BoundField, DecisionRef, ExecutionRef, Mismatch, PairView, ReconcileClass, ReconcileItem, ReconcileOptions, ReconcileResult } from './reconcile-types.js';
/** The tool of the gate's guard probes (src/gate/probe.ts PROBE_TOOL); their decision ids start with `probe-`. */
export declare const PROBE_TOOL = "verbatim.probe";
export declare function isProbe(r: AuditRecord): boolean;
/** An executor's answer that is not a success. */
export declare function executorFailed(status: number): boolean;
/**
 * Feed every approved record first, then every executed one (`approved`, `executed`), then `finish`.
 * Memory holds one compact entry per decision; each execution is classified as it is read.
 * @example
 * const r = new Reconciler({ graceMs: 60_000, now: Date.now() })
 * for (const rec of gateRecords) r.approved(rec, 'logs/gate')
 * for (const rec of guardRecords) r.executed(rec, 'logs/guard')
 * const { counts, items } = r.finish()
 */
export declare class Reconciler {
    #private;
    constructor(opts: ReconcileOptions);
    /** A record of an approved (gate) log. */
    approved(r: AuditRecord, log: string): void;
    /** A record of an executed (guard) log; every approved record must have been fed before. */
    executed(r: AuditRecord, log: string): void;
    finish(): ReconcileResult;
}
/**
 * Classifies every (decision, execution) pair; the arrays' convenience form of `Reconciler`.
 * @example
 * const { counts, items } = reconcile(gateRecords, guardRecords, { graceMs: 60_000, now: Date.now() })
 */
export declare function reconcile(approved: readonly AuditRecord[], executed: readonly AuditRecord[], opts: ReconcileOptions): ReconcileResult;
