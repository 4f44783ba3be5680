/** @module cli/audit-reconcile: `verbatim audit reconcile`: approved (gate) against executed (guard). */
import { parseArgs } from 'node:util'
import type { ReconcileItem } from '../audit/index.js'
import { RECONCILE_CLASSES, readRecords, reconcile, verifyPath } from '../audit/index.js'
import { pad, parseDuration, parseInstant } from './audit-args.js'
import type { CliIO } from './io.js'

export async function auditReconcileCommand(args: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      approved: { type: 'string' },
      executed: { type: 'string' },
      grace: { type: 'string', default: '60s' },
      now: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  })
  if (values.approved === undefined || values.executed === undefined) throw new Error('reconcile needs --approved GATE_LOG and --executed GUARD_LOG')
  const graceMs = parseDuration(values.grace)
  const now = values.now === undefined ? Date.now() : parseInstant(values.now)
  // Integrity first: a reconcile over a tampered log proves nothing. Running writers have open tails.
  const integrity: { log: string; process: string; faults: number }[] = []
  for (const [label, path] of [['approved', values.approved], ['executed', values.executed]] as const) {
    for (const [proc, r] of await verifyPath(path, { live: true })) integrity.push({ log: label, process: proc, faults: r.faults.length })
  }
  const result = reconcile(await readRecords(values.approved), await readRecords(values.executed), { graceMs, now })
  const bad = result.items.filter((i) => i.class !== 'ok')
  const integrityFaults = integrity.reduce((n, i) => n + i.faults, 0)
  const failed = bad.length > 0 || integrityFaults > 0
  if (values.json) {
    io.stdout.write(JSON.stringify({ ok: !failed, graceMs, now, integrity, counts: result.counts, pending: result.pending, denied: result.denied, rejectedByGuard: result.rejectedByGuard, offending: bad }, null, 2) + '\n')
    return failed ? 1 : 0
  }
  const out: string[] = []
  for (const i of integrity) out.push(`integrity: ${i.log} log (${i.process}): ${i.faults === 0 ? 'ok' : `${i.faults} fault(s), run 'verbatim audit verify'`}`)
  out.push('', `${pad('class', 28)}count`)
  for (const c of RECONCILE_CLASSES) out.push(`${pad(c, 28)}${result.counts[c]}`)
  out.push('', `pending (inside expiry + grace): ${result.pending}; denied and not run: ${result.denied}; refused by the guard: ${result.rejectedByGuard}`)
  if (bad.length > 0) {
    out.push('', 'offending:')
    for (const i of bad) out.push(`  ${pad(i.class, 26)} ${pad(i.decisionId ?? '(none)', 14)} ${where(i)}  ${i.message}`)
  }
  out.push('', failed ? `FAILED: ${bad.length} violation(s)${integrityFaults > 0 ? `, ${integrityFaults} integrity fault(s)` : ''}` : 'OK: everything executed was approved, exactly as approved')
  io.stdout.write(out.join('\n') + '\n')
  return failed ? 1 : 0
}

function where(i: ReconcileItem): string {
  const a = i.approved === null ? 'gate -' : `gate seq ${i.approved.seq}`
  const e = i.executed === null ? 'guard -' : `guard seq ${i.executed.seq}`
  return `[${a}, ${e}]`
}
