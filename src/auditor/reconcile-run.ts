/** @module auditor/reconcile-run: reconcile over logs on disk, live or not: a consistent snapshot, verified in the same pass. */
import type { ReconcileOptions, ReconcileResult } from './reconcile-types.js'
import { Reconciler } from './reconcile.js'
import { sortRoles } from './roles.js'
import type { ApproverSummary } from './approvals.js'
import { lastSeq, scanLog, snapshotPaths } from '../audit/index.js'
import type { AuditPublicKey, AuditRecord, LogSnapshot, VerifyReport } from '../audit/index.js'

export interface ReconcileRunOptions extends Omit<ReconcileOptions, 'trustedKeyIds'> {
  /** Gate logs (DIRs or segment FILEs). */
  approved: readonly string[]
  /** Guard logs, one per replica. */
  executed: readonly string[]
  /** Off-host trust anchors: every log's signer, and every binding key an execution names, must be one of these. */
  trustedKeys?: readonly AuditPublicKey[]
  /** Verify as logs whose writers still run (an open tail is no fault); default true. */
  live?: boolean
  /** Sees every approved record too, in the same pass (the report's statistics). */
  onApproved?: (r: AuditRecord) => void
  /** Fixes the sizes of the logs under some paths (default snapshotPaths); tests interleave writes with it. */
  snapshot?: (paths: readonly string[]) => Promise<LogSnapshot[]>
}

export interface LogIntegrity {
  role: 'approved' | 'executed'
  log: string
  process: string
  report: VerifyReport
}

export interface ReconcileRun {
  integrity: LogIntegrity[]
  result: ReconcileResult
  /** The approvals in the approved logs, per approver (re-verified; `audit report` lists them). */
  approvers: ApproverSummary[]
}

/**
 * Reconciles logs that writers may still be appending to, and gets it right both ways. The executed
 * logs are fixed first (the seq each has reached), then the approved logs, then the executed logs
 * again; each log is read up to where it was fixed. Every execution in the first fix was made durable
 * after its decision (write-ahead, DESIGN invariant 6), so its decision is in what is read: nothing
 * approved and run meanwhile is mistaken for a run without approval. Every answer the gate recorded
 * came after the guard's execution record, so that record is in the second fix: nothing the gate saw
 * run is mistaken for a call no guard ran. An execution beyond the first fix whose decision was not
 * read belongs to a later call, left to the next reconcile. Each log is verified in the same pass
 * that feeds the join, so the records joined are the records verified.
 * @throws NoLogError for a path with no log; AuditUsageError for swapped or misplaced logs
 */
export async function reconcilePaths(o: ReconcileRunOptions): Promise<ReconcileRun> {
  const snapshot = o.snapshot ?? snapshotPaths
  const first = await snapshot(o.executed)
  const reached = new Map<string, number>()
  for (const log of first) reached.set(log.label, await lastSeq(log))
  const approvedSnap = await snapshot(o.approved)
  const executedSnap = await snapshot(o.executed)
  const { approved, executed } = await sortRoles(approvedSnap, executedSnap)
  const opts: ReconcileOptions = { graceMs: o.graceMs, keepOk: o.keepOk ?? false }
  if (o.filter !== undefined) opts.filter = o.filter
  if (o.trustedKeys !== undefined) opts.trustedKeyIds = new Set(o.trustedKeys.map((k) => k.kid))
  const rec = new Reconciler(opts)
  const verify = { live: o.live ?? true, ...(o.trustedKeys === undefined ? {} : { trustedKeys: o.trustedKeys }) }
  const integrity: LogIntegrity[] = []
  const run = async (role: LogIntegrity['role'], logs: LogSnapshot[]): Promise<void> => {
    for (const log of logs) {
      const fixed = reached.get(log.label) ?? -1
      const report = await scanLog(log, {
        ...verify,
        onRecord: role === 'approved'
          ? (r) => {
            rec.approved(r, log.label)
            o.onApproved?.(r)
          }
          : (r) => rec.executed(r, log.label, { late: r.seq > fixed }),
      })
      integrity.push({ role, log: log.label, process: log.process, report })
    }
  }
  await run('approved', approved)
  await run('executed', executed)
  await rec.verifyApprovals()
  const result = rec.finish()
  return { integrity, result, approvers: rec.approvals.byApprover() }
}
