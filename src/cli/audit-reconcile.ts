/** @module cli/audit-reconcile: `verbatim audit reconcile`: approved (gate) against executed (guard). */
import { parseArgs } from 'node:util'
import type { AuditRecord, ReconcileItem } from '../audit/index.js'
import { RECONCILE_CLASSES, parseRecords, readLogFiles, reconcile, verifyPath } from '../audit/index.js'
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
  // Each record remembers its log (gate, guard, guard-{replica}…), so every finding names it.
  const logOf = new WeakMap<AuditRecord, string>()
  const result = reconcile(await readLabelled(values.approved, logOf), await readLabelled(values.executed, logOf), { graceMs, now })
  const bad = result.items.filter((i) => i.class !== 'ok')
  const integrityFaults = integrity.reduce((n, i) => n + i.faults, 0)
  const failed = bad.length > 0 || integrityFaults > 0
  if (values.json) {
    io.stdout.write(JSON.stringify({ ok: !failed, graceMs, now, integrity, counts: result.counts, pending: result.pending, denied: result.denied, rejectedByGuard: result.rejectedByGuard, offending: bad.map((i) => ({ ...i, approvedLog: log(i.approved, logOf), executedLog: log(i.executed, logOf) })) }, null, 2) + '\n')
    return failed ? 1 : 0
  }
  const out: string[] = []
  for (const i of integrity) out.push(`integrity: ${i.log} log (${i.process}): ${i.faults === 0 ? 'ok' : `${i.faults} fault(s), run 'verbatim audit verify'`}`)
  out.push('', `${pad('class', 28)}count`)
  for (const c of RECONCILE_CLASSES) out.push(`${pad(c, 28)}${result.counts[c]}`)
  out.push('', `pending (inside expiry + grace): ${result.pending}; denied and not run: ${result.denied}; refused by the guard: ${result.rejectedByGuard}`)
  if (bad.length > 0) {
    out.push('', 'offending:')
    for (const i of bad) out.push(`  ${pad(i.class, 26)} ${pad(i.decisionId ?? '(none)', 14)} ${where(i, logOf)}  ${i.message}`)
  }
  out.push('', failed ? `FAILED: ${bad.length} violation(s)${integrityFaults > 0 ? `, ${integrityFaults} integrity fault(s)` : ''}` : 'OK: everything executed was approved, exactly as approved')
  io.stdout.write(out.join('\n') + '\n')
  return failed ? 1 : 0
}

function where(i: ReconcileItem, logOf: WeakMap<AuditRecord, string>): string {
  const a = i.approved === null ? 'gate -' : `${log(i.approved, logOf) ?? 'gate'} seq ${i.approved.seq}`
  const e = i.executed === null ? 'guard -' : `${log(i.executed, logOf) ?? 'guard'} seq ${i.executed.seq}`
  return `[${a}, ${e}]`
}

function log(r: AuditRecord | null, logOf: WeakMap<AuditRecord, string>): string | null {
  return r === null ? null : (logOf.get(r) ?? null)
}

/** The records under `path`, each labelled with the process name of its log. */
async function readLabelled(path: string, logOf: WeakMap<AuditRecord, string>): Promise<AuditRecord[]> {
  const out: AuditRecord[] = []
  for (const [proc, files] of await readLogFiles(path)) {
    for (const f of files) {
      for (const r of parseRecords(f.text)) {
        logOf.set(r, proc)
        out.push(r)
      }
    }
  }
  return out
}
