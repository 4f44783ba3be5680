/** @module cli/audit-verify: `verbatim audit verify`: integrity of one or more logs. */
import { parseArgs } from 'node:util'
import type { AuditPublicKey, VerifyOptions, VerifyReport } from '../audit/index.js'
import { verifyPath } from '../audit/index.js'
import { loadCheckpoints, loadTrustedKeys, pad } from './audit-args.js'
import type { CliIO } from './io.js'

export async function auditVerifyCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      key: { type: 'string', multiple: true },
      checkpoints: { type: 'string' },
      live: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  })
  const path = positionals[0]
  if (path === undefined) throw new Error('verify needs a FILE or DIR')
  const opts: VerifyOptions = { live: values.live }
  if (values.key !== undefined) {
    const keys: AuditPublicKey[] = []
    for (const k of values.key) keys.push(...(await loadTrustedKeys(k)))
    opts.trustedKeys = keys
  }
  if (values.checkpoints !== undefined) opts.checkpoints = await loadCheckpoints(values.checkpoints)
  const reports = await verifyPath(path, opts)
  const total = [...reports.values()].reduce((n, r) => n + r.faults.length, 0)
  if (values.json) {
    io.stdout.write(JSON.stringify({ ok: total === 0, logs: Object.fromEntries(reports) }, null, 2) + '\n')
    return total === 0 ? 0 : 1
  }
  if (reports.size === 0) io.stdout.write(`no audit segments under ${path}\n`)
  for (const [proc, r] of reports) io.stdout.write(renderReport(proc, r, opts.trustedKeys !== undefined))
  io.stdout.write(total === 0 ? 'OK: no faults\n' : `FAILED: ${total} fault(s)\n`)
  return total === 0 && reports.size > 0 ? 0 : 1
}

function renderReport(proc: string, r: VerifyReport, trusted: boolean): string {
  const out: string[] = []
  const range = r.firstSeq === null ? 'empty' : `seq ${r.firstSeq}..${r.lastSeq}`
  out.push(`${proc}: ${r.records} records (${range}), ${r.checkpoints} checkpoints, ${r.recoveries} recoveries`)
  if (r.lastCheckpoint !== null) out.push(`  last checkpoint: seq ${r.lastCheckpoint.seq}, size ${r.lastCheckpoint.size}, root ${r.lastCheckpoint.root}`)
  if (r.unsignedTail > 0) out.push(`  ${r.unsignedTail} record(s) after the last checkpoint are chained but not yet signed`)
  out.push(trusted ? '  signatures checked against the trusted key(s)' : '  signatures checked against the key in the log itself (pass --key for an off-host trusted key)')
  for (const n of r.notes) out.push(`  note: ${n}`)
  for (const f of r.faults) out.push(`  FAULT ${pad(f.kind, 14)} ${f.file}:${f.line} seq ${f.seq ?? '?'}: ${f.message}`)
  return out.join('\n') + '\n'
}
