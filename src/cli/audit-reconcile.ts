/** @module cli/audit-reconcile: `verbatim audit reconcile`: approved (gate) against executed (guard), right on live logs. */
import { parseArgs } from 'node:util'
import type { AuditFilter, ReconcileItem, ReconcileRun, ReconcileVerdict } from '../auditor/index.js'
import { CLASS_LEVEL, RECONCILE_CLASSES, VERDICT_EXIT, matchView, nextSteps, reconcilePaths, verdictOf } from '../auditor/index.js'
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
  const verdict = verdictOfRun(run)
  if (values.json) io.stdout.write(JSON.stringify(reconcileJson(run, { graceMs, now, filter, trusted: trustedKeys !== undefined }), null, 2) + '\n')
  else io.stdout.write(renderReconcile(run, filter, trustedKeys !== undefined).join('\n') + '\n')
  return VERDICT_EXIT[verdict]
}

/** The verdict of a run: its violations and attention calls, and every log's integrity faults. */
export function verdictOfRun(run: ReconcileRun): ReconcileVerdict {
  return verdictOf(run.result, run.integrity.reduce((n, i) => n + i.report.faults.length, 0))
}

const byLevel = (run: ReconcileRun, level: string): ReconcileItem[] => run.result.items.filter((i) => CLASS_LEVEL[i.class] === level)

/** The JSON form. The calls of each class other than ok are listed by level: offending (violations), accountFor (attention), notRun. */
export function reconcileJson(run: ReconcileRun, o: { graceMs: number; now: number; filter: AuditFilter; trusted: boolean }): Record<string, unknown> {
  const r = run.result
  const verdict = verdictOfRun(run)
  return {
    ok: verdict === 'ok', verdict, graceMs: o.graceMs, now: o.now, trusted: o.trusted, filter: o.filter,
    integrity: run.integrity.map((i) => ({ role: i.role, log: i.log, process: i.process, records: i.report.records, checkpoints: i.report.checkpoints, faults: i.report.faults })),
    counts: r.counts, violations: r.violations, attention: r.attention, pending: r.pending, denied: r.denied,
    rejectedByGuard: r.rejectedByGuard, refusals: r.refusals, probes: r.probes, executor: r.executor,
    offending: byLevel(run, 'violation'), accountFor: byLevel(run, 'attention'), notRun: byLevel(run, 'not-run'),
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
  out.push('', `executor (accepted calls, from receipts): ${e.succeeded} succeeded, ${e.clientError} answered 4xx, ${e.failed} failed, ${e.noReceipt} without a recorded answer`)
  const codes = Object.entries(r.refusals).sort((a, b) => b[1] - a[1]).map(([c, n]) => `${c} ${n}`)
  out.push(`refused by the guard: ${r.rejectedByGuard}${codes.length > 0 ? ` (${codes.join(', ')})` : ''}; gate probes, refused as they must be: ${r.probes}`)
  out.push(`pending (no outcome recorded yet): ${r.pending}; denied and not run: ${r.denied}`)
  const attention = byLevel(run, 'attention')
  if (attention.length > 0) {
    out.push('', 'to account for (the executor failed, or it ran while its agent was told it failed):')
    for (const i of attention) out.push(`  ${pad(i.class, 26)} ${pad(i.decisionId ?? '(none)', 14)} ${where(i)}  ${i.message}`)
  }
  const bad = byLevel(run, 'violation')
  if (bad.length > 0) {
    out.push('', 'offending:')
    for (const i of bad) out.push(`  ${pad(i.class, 26)} ${pad(i.decisionId ?? '(none)', 14)} ${where(i)}  ${i.message}`)
  }
  const faults = run.integrity.flatMap((i) => i.report.faults)
  const verdict = verdictOfRun(run)
  if (verdict === 'ok') {
    out.push('', 'OK: everything executed was approved, exactly as approved')
    return out
  }
  if (verdict === 'attention') {
    const n = RECONCILE_CLASSES.filter((c) => CLASS_LEVEL[c] === 'attention' && r.counts[c] > 0).map((c) => `${r.counts[c]} ${c}`)
    out.push('', `ATTENTION: everything executed was approved, exactly as approved; ${r.attention} approved call(s) to account for: ${n.join(', ')}`)
  } else {
    out.push('', `FAILED: ${r.violations} violation(s)${faults.length > 0 ? `, ${faults.length} integrity fault(s)` : ''}`)
  }
  out.push(...nextSteps(faults.map((x) => x.kind), [...bad, ...attention].map((i) => i.class)))
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
