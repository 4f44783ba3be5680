/** @module cli/audit-verify: `verbatim audit verify`: integrity of one or more logs, streaming. */
import { parseArgs } from 'node:util'
import type { AuditRecord, LogSnapshot, VerifyOptions, VerifyReport } from '../audit/index.js'
import { scanLog, snapshotPaths } from '../audit/index.js'
import { nextSteps } from '../auditor/index.js'
import { TRUST_OPTIONS, loadAnchors, loadCheckpoints, pad } from './audit-args.js'
import type { CliIO } from './io.js'

export async function auditVerifyCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      ...TRUST_OPTIONS,
      checkpoints: { type: 'string' },
      live: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  })
  if (positionals.length === 0) throw new Error('verify needs at least one FILE or DIR')
  const logs = await snapshotPaths(positionals)
  const trusted = await loadAnchors(values)
  const shipped = values.checkpoints === undefined ? undefined : await loadCheckpoints(values.checkpoints)
  const reports: [LogSnapshot, VerifyReport][] = []
  for (const log of logs) {
    const opts: VerifyOptions = { live: values.live }
    if (trusted !== undefined) opts.trustedKeys = trusted
    if (shipped !== undefined) opts.checkpoints = logs.length === 1 ? shipped : shipped.filter((c: AuditRecord) => c['origin'] === log.process)
    reports.push([log, await scanLog(log, opts)])
  }
  const total = reports.reduce((n, [, r]) => n + r.faults.length, 0)
  if (values.json) {
    io.stdout.write(JSON.stringify({ ok: total === 0, logs: Object.fromEntries(reports.map(([l, r]) => [l.label, r])) }, null, 2) + '\n')
    return total === 0 ? 0 : 1
  }
  for (const [log, r] of reports) io.stdout.write(renderReport(log.label, r, trusted !== undefined))
  if (total === 0) {
    io.stdout.write(`OK: no faults in ${reports.length} log(s)\n`)
    return 0
  }
  const kinds = reports.flatMap(([, r]) => r.faults.map((f) => f.kind))
  io.stdout.write([`FAILED: ${total} fault(s)`, ...nextSteps(kinds)].join('\n') + '\n')
  return 1
}

export function renderReport(label: string, r: VerifyReport, trusted: boolean): string {
  const out: string[] = []
  const range = r.firstSeq === null ? 'empty' : `seq ${r.firstSeq}..${r.lastSeq}`
  out.push(`${label}: ${r.records} records (${range}), ${r.checkpoints} checkpoints, ${r.recoveries} recoveries`)
  if (r.lastCheckpoint !== null) out.push(`  last checkpoint: seq ${r.lastCheckpoint.seq}, size ${r.lastCheckpoint.size}, root ${r.lastCheckpoint.root}`)
  if (r.unsignedTail > 0) out.push(`  ${r.unsignedTail} record(s) after the last checkpoint are chained but not yet signed`)
  out.push(trusted ? '  signatures checked against the trusted key(s)' : '  signatures checked against the key in the log itself (pass --key or --jwks for keys kept off the host)')
  for (const n of r.notes) out.push(`  note: ${n}`)
  for (const f of r.faults) out.push(`  FAULT ${pad(f.kind, 14)} ${f.file}:${f.line} seq ${f.seq ?? '?'}: ${f.message}`)
  return out.join('\n') + '\n'
}
