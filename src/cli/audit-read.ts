/** @module cli/audit-read: what tail and export share: filtered, verified reading, and the warning over records that do not verify. */
import type { AuditFault, AuditPublicKey, AuditRecord, RecordAt } from '../audit/index.js'
import type { AuditFilter } from '../auditor/index.js'
import { LogFollower, RecordFilter, nextSteps } from '../auditor/index.js'
import type { CliIO } from './io.js'

export interface FilteredReader {
  /** Reads what is new under every path; matching records go to `onRecord`; returns the new faults. */
  poll(onRecord: (r: AuditRecord, at: RecordAt) => void): Promise<AuditFault[]>
}

/** Followers over `paths` (in order), one record filter across them: a record learns its decision's fields first. */
export function filteredReader(paths: readonly string[], filter: AuditFilter, trustedKeys: readonly AuditPublicKey[] | undefined): FilteredReader {
  const rf = new RecordFilter(filter)
  const followers = paths.map((p) => new LogFollower(p, trustedKeys === undefined ? {} : { trustedKeys }))
  return {
    async poll(onRecord) {
      const faults: AuditFault[] = []
      for (const f of followers) {
        faults.push(...(await f.poll((r, at) => {
          rf.learn(r)
          if (rf.matches(r)) onRecord(r, at)
        })))
      }
      return faults
    },
  }
}

/** The warning on stderr over records that do not verify, and what to do next. */
export function warnFaults(io: CliIO, faults: readonly AuditFault[], paths: readonly string[]): void {
  if (faults.length === 0) return
  const lines = [`WARNING: ${faults.length} fault(s) in what was read: the output includes records that do not verify`]
  for (const f of faults.slice(0, 10)) lines.push(`  FAULT ${f.kind} ${f.file}:${f.line} seq ${f.seq ?? '?'}: ${f.message}`)
  if (faults.length > 10) lines.push(`  … and ${faults.length - 10} more`)
  lines.push(`FAILED: do not rely on this output; run 'verbatim audit verify ${paths.join(' ')}' with --key/--jwks and --checkpoints`)
  lines.push(...nextSteps(faults.map((f) => f.kind)))
  io.stderr.write(lines.join('\n') + '\n')
}
