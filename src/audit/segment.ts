/** @module audit/segment: segment file naming and listing (`<dir>/<process>-<startSeq>.jsonl`). */
import { lstat, readdir, stat } from 'node:fs/promises'
import { basename, join } from 'node:path'

const SEQ_WIDTH = 12
const NAME_RE = /^(.+)-(\d{12,})\.jsonl$/

export interface SegmentRef {
  path: string
  process: string
  startSeq: number
}

export function segmentName(process: string, startSeq: number): string {
  return `${process}-${String(startSeq).padStart(SEQ_WIDTH, '0')}.jsonl`
}

export function parseSegmentName(name: string): { process: string; startSeq: number } | null {
  const m = NAME_RE.exec(name)
  if (m === null) return null
  return { process: m[1] as string, startSeq: Number(m[2]) }
}

/**
 * Process names become file names: keep them to a safe alphabet. A '-' is allowed (guard-{replica}):
 * the segment name's last '-' is still the one before the sequence number, which has none.
 */
export function assertProcessName(process: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/.test(process)) {
    throw new TypeError(`audit: process name '${process}' must match ^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$`)
  }
}

/**
 * Segments in `dir`, grouped by process, each group in seq order. Only regular files count:
 * a symlink or device is never read as a segment.
 */
export async function listSegments(dir: string): Promise<Map<string, SegmentRef[]>> {
  const groups = new Map<string, SegmentRef[]>()
  for (const name of (await readdir(dir)).sort()) {
    const parsed = parseSegmentName(name)
    if (parsed === null) continue
    const path = join(dir, name)
    if (!(await lstat(path)).isFile()) continue
    const list = groups.get(parsed.process) ?? []
    list.push({ path, ...parsed })
    groups.set(parsed.process, list)
  }
  for (const list of groups.values()) list.sort((a, b) => a.startSeq - b.startSeq)
  return groups
}

/** A FILE is one segment; a DIR is every segment in it, grouped by process. */
export async function resolveLogPath(path: string): Promise<Map<string, SegmentRef[]>> {
  if ((await stat(path)).isDirectory()) return listSegments(path)
  const parsed = parseSegmentName(basename(path))
  const ref: SegmentRef = { path, process: parsed?.process ?? basename(path), startSeq: parsed?.startSeq ?? 0 }
  return new Map([[ref.process, [ref]]])
}
