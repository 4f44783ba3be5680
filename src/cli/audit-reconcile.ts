/** @module cli/audit-reconcile: `verbatim audit reconcile`: approved (gate) against executed (guard), right on live logs. */
import { parseArgs } from 'node:util'
import type { AuditFilter, ReconcileItem, ReconcileRun } from '../audit/index.js'
import { RECONCILE_CLASSES, matchView, reconcilePaths } from '../audit/index.js'
import { nextSteps } from '../audit/advice.js'
import { FILTER_OPTIONS, PAIR_OPTIONS, TRUST_OPTIONS, loadAnchors, nowOf, pad, parseDuration, parseFilter } from './audit-args.js'
import type { CliIO } from './io.js'

export async function auditReconcileCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      ...PAIR_OPTIONS,
      ...TRUST_OPTIONS,
      ...FILTER_OPTIONS,
    },
  })
  if (values.approved === undefined || values.executed === undefined) throw new Error('reconcile needs --approved GATE_LOG and --executed GUARD_LOG')
  if (positionals.length > 0) throw new Error(`unexpected argument '${positionals[0]}' (logs go after --approved and --executed)`)
  const graceMs = parseDuration(values.grace)
  const now = nowOf(values)
  const filter = parseFilter(values, now)
  const trustedKeys = await loadAnchors(values)
  const run = await reconcilePaths({
    approved: values.approved, executed: values.executed, graceMs, now, filter: (v) => matchView(filter, v),
    ...(trustedKeys === undefined ? {} : { trustedKeys }),
  })
  const failed = isFailed(run)
  if (values.json) {
    io.stdout.write(JSON.stringify(reconcileJson(run, { graceMs, now, filter, trusted: trustedKeys !== undefined }), null, 2) + '\n')
    return failed ? 1 : 0
  }
  io.stdout.write(renderReconcile(run, filter, trustedKeys !== undefined).join('\n') + '\n')
  return failed ? 1 : 0
}

function isFailed(run: ReconcileRun): boolean {
  return run.result.violations > 0 || run.integrity.some((i) => i.report.faults.length > 0)
}

/** The JSON form, which `audit report --json` shares. */
export function reconcileJson(run: ReconcileRun, o: { graceMs: number; now: number; filter: AuditFilter; trusted: boolean }): Record<string, unknown> {
  const r = run.result
  return {
    ok: !isFailed(run), graceMs: o.graceMs, now: o.now, trusted: o.trusted, filter: o.filter,
    integrity: run.integrity.map((i) => ({ role: i.role, log: i.log, process: i.process, records: i.report.records, checkpoints: i.report.checkpoints, faults: i.report.faults })),
    counts: r.counts, violations: r.violations, pending: r.pending, denied: r.denied,
    rejectedByGuard: r.rejectedByGuard, refusals: r.refusals, probes: r.probes, executor: r.executor,
    failed: r.failedCalls, offending: r.items.filter((i) => i.class !== 'ok'),
  }
}

export function renderReconcile(run: ReconcileRun, filter: AuditFilter, trusted: boolean): string[] {
  const r = run.result
  const out: string[] = []
  for (const i of run.integrity) {
    const n = i.report.faults.length
    out.push(`integrity: ${i.role} ${i.log}: ${i.report.records} records, ${n === 0 ? 'ok' : `${n} fault(s) (${[...new Set(i.report.faults.map((f) => f.kind))].join(', ')}); run 'verbatim audit verify ${i.log}'`}`)
  }
  out.push(trusted ? 'trust: log signers and binding keys checked against the trusted keys (--key/--jwks)' : 'trust: the keys written in the logs themselves (pass --key/--jwks for keys kept off the host)')
  const f = describeFilter(filter)
  if (f !== '') out.push(`filter: ${f}`)
  out.push('', `${pad('class', 28)}count`)
  for (const c of RECONCILE_CLASSES) out.push(`${pad(c, 28)}${r.counts[c]}`)
  const e = r.executor
  out.push('', `executor (ok calls, from receipts): ${e.succeeded} succeeded, ${e.failed} failed, ${e.noReceipt} without a receipt yet`)
  const codes = Object.entries(r.refusals).sort((a, b) => b[1] - a[1]).map(([c, n]) => `${c} ${n}`)
  out.push(`refused by the guard: ${r.rejectedByGuard}${codes.length > 0 ? ` (${codes.join(', ')})` : ''}; gate probes, refused as they must be: ${r.probes}`)
  out.push(`pending (inside expiry + grace): ${r.pending}; denied and not run: ${r.denied}`)
  if (r.failedCalls.length > 0) {
    out.push('', 'accepted, exactly as approved, but the executor failed (not violations):')
    for (const i of r.failedCalls) out.push(`  ${pad(i.decisionId ?? '(none)', 38)} ${where(i)}  executor answered ${i.executorStatus ?? '?'}`)
  }
  const bad = r.items.filter((i) => i.class !== 'ok')
  if (bad.length > 0) {
    out.push('', 'offending:')
    for (const i of bad) out.push(`  ${pad(i.class, 26)} ${pad(i.decisionId ?? '(none)', 14)} ${where(i)}  ${i.message}`)
  }
  const faults = run.integrity.flatMap((i) => i.report.faults)
  if (r.violations === 0 && faults.length === 0) {
    out.push('', 'OK: everything executed was approved, exactly as approved')
    return out
  }
  out.push('', `FAILED: ${r.violations} violation(s)${faults.length > 0 ? `, ${faults.length} integrity fault(s)` : ''}`)
  out.push(...nextSteps(faults.map((x) => x.kind), bad.map((i) => i.class)))
  return out
}

function where(i: ReconcileItem): string {
  const a = i.approved === null ? 'approved: none' : `${i.approved.log} seq ${i.approved.seq}`
  const e = i.executed === null ? 'executed: none' : `${i.executed.log} seq ${i.executed.seq}`
  return `[${a}, ${e}]`
}

export function describeFilter(f: AuditFilter): string {
  const parts: string[] = []
  for (const k of ['agent', 'tool', 'verdict', 'code', 'decision'] as const) if (f[k] !== undefined) parts.push(`${k}=${(f[k] as readonly string[]).join(',')}`)
  if (f.since !== undefined) parts.push(`since=${new Date(f.since).toISOString()}`)
  if (f.until !== undefined) parts.push(`until=${new Date(f.until).toISOString()}`)
  return parts.join(' ')
}
