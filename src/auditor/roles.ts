/** @module auditor/roles: tells an approved (gate) log from an executed (guard) log by its first records. */
import { open } from 'node:fs/promises'
import { NoLogError, parseLine } from '../audit/index.js'
import type { AuditRecord, LogSnapshot } from '../audit/index.js'

export type LogRole = 'approved' | 'executed' | 'unknown'

/** Pure: the role the records show. The gate writes decisions and policy; the guard, executions and an audience. */
export function roleOf(records: readonly AuditRecord[]): LogRole {
  for (const r of records) {
    if (r.type === 'decision' || r.type === 'forward' || r.type === 'policy' || (r.type === 'start' && 'policyDigest' in r)) return 'approved'
    if (r.type === 'execution' || r.type === 'refusal' || r.type === 'receipt' || (r.type === 'start' && 'audience' in r)) return 'executed'
  }
  return 'unknown'
}

/** The role of a log from the first 64 KiB of each segment until one shows it. @throws NoLogError for a log with no records */
export async function logRole(log: LogSnapshot): Promise<LogRole> {
  if (log.segments.every((s) => s.size === 0)) throw new NoLogError(log.label, 'holds no records (its segments are empty)')
  for (const seg of log.segments) {
    const fh = await open(seg.path, 'r')
    try {
      const buf = Buffer.alloc(Math.min(64 * 1024, seg.size))
      const { bytesRead } = await fh.read(buf, 0, buf.length, 0)
      const text = buf.toString('utf8', 0, bytesRead)
      const records: AuditRecord[] = []
      for (const line of text.split('\n').slice(0, -1)) {
        const p = parseLine(line)
        if (p.record !== undefined) records.push(p.record)
      }
      const role = roleOf(records)
      if (role !== 'unknown') return role
    } finally {
      await fh.close()
    }
  }
  return 'unknown'
}

/** A wrong argument to an audit command: swapped or wrong logs. The CLI exits 2 on it. */
export class AuditUsageError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'AuditUsageError'
  }
}

/**
 * Keeps, of the logs under each path, those of the role it was given for (a folder may hold both),
 * and refuses a path that holds none: a reconcile of swapped logs would otherwise find nothing to
 * join and say OK.
 * @throws AuditUsageError
 */
export async function sortRoles(approved: readonly LogSnapshot[], executed: readonly LogSnapshot[]): Promise<{ approved: LogSnapshot[]; executed: LogSnapshot[] }> {
  const a = await Promise.all(approved.map(logRole))
  const e = await Promise.all(executed.map(logRole))
  const wrong = (logs: readonly LogSnapshot[], roles: LogRole[], want: LogRole): string[] => {
    const bad: string[] = []
    for (const src of new Set(logs.map((l) => l.source))) {
      if (logs.every((l, i) => l.source !== src || roles[i] !== want && roles[i] !== 'unknown')) bad.push(src)
    }
    return bad
  }
  const badA = wrong(approved, a, 'approved')
  const badE = wrong(executed, e, 'executed')
  if (badA.length > 0 && badE.length > 0) {
    throw new AuditUsageError(`--approved and --executed look swapped: ${badA.join(', ')} holds a guard's executed log and ${badE.join(', ')} the gate's approved log`)
  }
  if (badA.length > 0) throw new AuditUsageError(`--approved ${badA.join(', ')} holds a guard's executed log (execution records), not the gate's approved log`)
  if (badE.length > 0) throw new AuditUsageError(`--executed ${badE.join(', ')} holds the gate's approved log (decision records), not a guard's executed log`)
  return {
    approved: approved.filter((_, i) => a[i] !== 'executed'),
    executed: executed.filter((_, i) => e[i] !== 'approved'),
  }
}
