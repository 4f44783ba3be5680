/** @module audit/read: the fs edge for auditors: load segments, verify them, list their records. */
import { readFile } from 'node:fs/promises'
import { parseLine } from './record.js'
import { resolveLogPath } from './segment.js'
import type { AuditRecord } from './types.js'
import { scanLog } from './scan.js'
import { NoLogError, snapshotPath } from './snapshot.js'
import type { VerifyFile, VerifyOptions, VerifyReport } from './verify-types.js'

/** Every log under `path` (a segment FILE or a DIR), as text, keyed by process. */
export async function readLogFiles(path: string): Promise<Map<string, VerifyFile[]>> {
  const out = new Map<string, VerifyFile[]>()
  for (const [proc, refs] of await resolveLogPath(path)) {
    const files: VerifyFile[] = []
    for (const ref of refs) files.push({ name: ref.path, text: await readFile(ref.path, 'utf8'), startSeq: ref.startSeq })
    out.set(proc, files)
  }
  return out
}

/** Verifies each process's log under `path`, streaming (empty when there is none). */
export async function verifyPath(path: string, opts: VerifyOptions = {}): Promise<Map<string, VerifyReport>> {
  const out = new Map<string, VerifyReport>()
  let logs
  try {
    logs = await snapshotPath(path)
  } catch (e) {
    if (e instanceof NoLogError) return out
    throw e
  }
  for (const log of logs) out.set(log.process, await scanLog(log, opts))
  return out
}

/** The parseable records under `path`, in file order (integrity is `verifyPath`'s job). */
export async function readRecords(path: string): Promise<AuditRecord[]> {
  const out: AuditRecord[] = []
  for (const files of (await readLogFiles(path)).values()) {
    for (const f of files) out.push(...parseRecords(f.text))
  }
  return out
}

/** Parses JSONL text leniently: records whose envelope parses, tampered or not. */
export function parseRecords(text: string): AuditRecord[] {
  const out: AuditRecord[] = []
  for (const line of text.split('\n')) {
    if (line === '') continue
    const p = parseLine(line)
    if (p.ok) out.push(p.record)
    else if (p.record !== undefined) out.push(p.record)
  }
  return out
}
