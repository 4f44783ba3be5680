/** @module cli/audit-export: `verbatim audit export`: CSV, JSON or JSONL for a SIEM. */
import { mkdir, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { parseArgs } from 'node:util'
import type { AuditRecord } from '../audit/index.js'
import { AUDIT_RECORD_TYPES, jcs, readRecords } from '../audit/index.js'
import type { CliIO } from './io.js'

export const CSV_COLUMNS = [
  'seq', 'time', 'type', 'decisionId', 'agent', 'tool', 'method', 'target', 'verdict', 'code', 'status', 'digest', 'keyid', 'policyDigest', 'latencyMs', 'hash', 'extra',
] as const
const COLUMN_SET = new Set<string>([...CSV_COLUMNS, 'ts', 'v', 'prev'])

/** RFC 4180 §2: quote a field holding a comma, quote or line break; double inner quotes. */
function csvField(v: unknown): string {
  if (v === undefined || v === null) return ''
  const s = typeof v === 'string' ? v : JSON.stringify(v)
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s
}

export function toCsv(records: readonly AuditRecord[]): string {
  const rows = [CSV_COLUMNS.join(',')]
  for (const r of records) {
    const extra = Object.fromEntries(Object.entries(r).filter(([k]) => !COLUMN_SET.has(k)))
    const cells = CSV_COLUMNS.map((c) =>
      c === 'time' ? new Date(r.ts).toISOString() : c === 'extra' ? (Object.keys(extra).length === 0 ? '' : JSON.stringify(extra)) : r[c],
    )
    rows.push(cells.map(csvField).join(','))
  }
  return rows.join('\r\n') + '\r\n'
}

export async function auditExportCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { format: { type: 'string' }, json: { type: 'boolean', default: false }, type: { type: 'string' }, out: { type: 'string' } },
  })
  const path = positionals[0]
  if (path === undefined) throw new Error('export needs a FILE or DIR')
  // --json, as on every audit command, is --format json.
  if (values.json && values.format !== undefined && values.format !== 'json') throw new Error('--json and --format disagree')
  const format = values.json ? 'json' : (values.format ?? 'csv')
  const types = values.type?.split(',').map((t) => t.trim())
  for (const t of types ?? []) if (!(AUDIT_RECORD_TYPES as readonly string[]).includes(t)) throw new Error(`unknown record type '${t}'`)
  const records = (await readRecords(path)).filter((r) => types === undefined || types.includes(r.type))
  let text: string
  if (format === 'csv') text = toCsv(records)
  else if (format === 'json') text = JSON.stringify(records, null, 2) + '\n'
  else if (format === 'jsonl') text = records.map((r) => jcs(r)).join('\n') + (records.length > 0 ? '\n' : '')
  else throw new Error(`unknown format '${format}' (csv, json, jsonl)`)
  if (values.out === undefined) io.stdout.write(text)
  else {
    await mkdir(dirname(values.out), { recursive: true })
    await writeFile(values.out, text)
    io.stderr.write(`wrote ${records.length} record(s) to ${values.out}\n`)
  }
  return 0
}
