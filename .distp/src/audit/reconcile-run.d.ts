/** @module audit/reconcile-run: reconcile over logs on disk, live or not: a consistent snapshot, verified in the same pass. */
import type { ReconcileOptions, ReconcileResult } from './reconcile-types.js';
import type { AuditPublicKey, AuditRecord } from './types.js';
import type { VerifyReport } from './verify-types.js';
export interface ReconcileRunOptions extends Omit<ReconcileOptions, 'trustedKeyIds'> {
    /** Gate logs (DIRs or segment FILEs). */
    approved: readonly string[];
    /** Guard logs, one per replica. */
    executed: readonly string[];
    /** Off-host trust anchors: every log's signer, and every binding key an execution names, must be one of these. */
    trustedKeys?: readonly AuditPublicKey[];
    /** Verify as logs whose writers still run (an open tail is no fault); default true. */
    live?: boolean;
    /** Sees every approved record too, in the same pass (the report's statistics). */
    onApproved?: (r: AuditRecord) => void;
}
export interface LogIntegrity {
    role: 'approved' | 'executed';
    log: string;
    process: string;
    report: VerifyReport;
}
export interface ReconcileRun {
    integrity: LogIntegrity[];
    result: ReconcileResult;
}
/**
 * Reconciles logs that writers may still be appending to, and gets it right: the executed logs'
 * sizes are recorded first, then the approved logs are read whole, then the executed logs up to
 * those sizes. Every execution read was made durable after its decision (write-ahead, DESIGN
 * invariant 6), so its decision is in what is read: a call approved and executed while the
 * reconcile runs is never mistaken for one executed without approval. Each log is verified in the
 * same pass that feeds the join, so the records joined are the records verified.
 * @throws NoLogError for a path with no log; AuditUsageError for swapped or misplaced logs
 */
export declare function reconcilePaths(o: ReconcileRunOptions): Promise<ReconcileRun>;
