import { Reconciler } from './reconcile.js';
import { sortRoles } from './roles.js';
import { scanLog } from './scan.js';
import { snapshotPaths } from './snapshot.js';
/**
 * Reconciles logs that writers may still be appending to, and gets it right: the executed logs'
 * sizes are recorded first, then the approved logs are read whole, then the executed logs up to
 * those sizes. Every execution read was made durable after its decision (write-ahead, DESIGN
 * invariant 6), so its decision is in what is read: a call approved and executed while the
 * reconcile runs is never mistaken for one executed without approval. Each log is verified in the
 * same pass that feeds the join, so the records joined are the records verified.
 * @throws NoLogError for a path with no log; AuditUsageError for swapped or misplaced logs
 */
export async function reconcilePaths(o) {
    const executedSnap = await snapshotPaths(o.executed);
    const approvedSnap = await snapshotPaths(o.approved);
    const { approved, executed } = await sortRoles(approvedSnap, executedSnap);
    const opts = { graceMs: o.graceMs, now: o.now, keepOk: o.keepOk ?? false };
    if (o.filter !== undefined)
        opts.filter = o.filter;
    if (o.trustedKeys !== undefined)
        opts.trustedKeyIds = new Set(o.trustedKeys.map((k) => k.kid));
    const rec = new Reconciler(opts);
    const verify = { live: o.live ?? true, ...(o.trustedKeys === undefined ? {} : { trustedKeys: o.trustedKeys }) };
    const integrity = [];
    const run = async (role, logs) => {
        for (const log of logs) {
            const report = await scanLog(log, {
                ...verify,
                onRecord: role === 'approved'
                    ? (r) => {
                        rec.approved(r, log.label);
                        o.onApproved?.(r);
                    }
                    : (r) => rec.executed(r, log.label),
            });
            integrity.push({ role, log: log.label, process: log.process, report });
        }
    };
    await run('approved', approved);
    await run('executed', executed);
    return { integrity, result: rec.finish() };
}
//# sourceMappingURL=reconcile-run.js.map