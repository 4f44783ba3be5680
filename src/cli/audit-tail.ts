/** @module cli/audit-tail: `verbatim audit tail`: a readable, optionally live, view of a log. */
import { watchFile, unwatchFile } from 'node:fs'
import { parseArgs } from 'node:util'
import type { AuditRecord } from '../audit/index.js'
import { readRecords } from '../audit/index.js'
import { pad } from './audit-args.js'
import type { CliIO } from './io.js'

const SHOWN = ['decisionId', 'verdict', 'code', 'agent', 'tool', 'target', 'status', 'latencyMs', 'digest', 'keyid', 'size', 'root', 'origin', 'cutBytes', 'ok']
const ENVELOPE = new Set(['v', 'seq', 'ts', 'type', 'prev', 'hash'])

/** One line per record: time, seq, type, then the fields an operator reads first. */
export function formatRecord(r: AuditRecord): string {
  const parts: string[] = []
  for (const k of SHOWN) {
    if (!(k in r) || ENVELOPE.has(k)) continue
    const v = r[k]
    const s = typeof v === 'string' ? v : JSON.stringify(v)
    parts.push(`${k}=${/^[0-9a-f]{64}$/.test(s) ? `${s.slice(0, 12)}…` : s}`)
  }
  const when = Number.isFinite(r.ts) ? new Date(r.ts).toISOString() : String(r.ts)
  return `${when}  #${pad(String(r.seq), 6)} ${pad(r.type, 10)} ${parts.join(' ')}`
}

export async function auditTailCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { n: { type: 'string', short: 'n', default: '20' }, follow: { type: 'boolean', short: 'f', default: false }, json: { type: 'boolean', default: false } },
  })
  const path = positionals[0]
  if (path === undefined) throw new Error('tail needs a FILE or DIR')
  const show = (r: AuditRecord): void => void io.stdout.write((values.json ? JSON.stringify(r) : formatRecord(r)) + '\n')
  const all = await readRecords(path)
  const n = Number(values.n)
  for (const r of all.slice(Math.max(0, all.length - n))) show(r)
  if (!values.follow) return 0
  let seen = all.length
  // Poll: segments are append-only, so new records are the ones past the count already shown.
  await new Promise<void>((resolve) => {
    const poll = (): void => {
      readRecords(path).then((now) => {
        for (const r of now.slice(seen)) show(r)
        seen = now.length
      }, () => {})
    }
    watchFile(path, { interval: 500 }, poll)
    const timer = setInterval(poll, 500)
    process.once('SIGINT', () => {
      clearInterval(timer)
      unwatchFile(path)
      resolve()
    })
  })
  return 0
}
