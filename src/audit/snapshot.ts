/** @module audit/snapshot: which bytes of which segments a reader reads, fixed at one instant (the fs edge). */
import { open, stat } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { BaseCheckpoint } from './base.js'
import { readBaseFiles } from './base-file.js'
import { resolveLogPath } from './segment.js'

export interface SegmentSnapshot {
  path: string
  startSeq: number
  /** Bytes of the segment at the snapshot: a reader reads no further, whatever is appended later. */
  size: number
}

/** One process's log, as it stood when the snapshot was taken. */
export interface LogSnapshot {
  /** The path the reader was given (a DIR or a segment FILE). */
  source: string
  process: string
  /** How findings name this log: the source, and the process when a DIR holds several. */
  label: string
  segments: SegmentSnapshot[]
  /** The base checkpoints beside the segments, smallest first (for a single FILE: the one it starts at). */
  bases: BaseCheckpoint[]
}

/** Why a path given to a reader holds no log: missing, or no segment files in it. */
export class NoLogError extends Error {
  constructor(readonly path: string, why: string) {
    super(`${path}: ${why}`)
    this.name = 'NoLogError'
  }
}

/**
 * Records the size of every segment under `path`, per process. Read with these sizes, a log that a
 * writer keeps appending to reads as the consistent prefix it was at this instant.
 * @throws NoLogError when `path` does not exist or holds no segment
 */
export async function snapshotPath(path: string): Promise<LogSnapshot[]> {
  let isDir: boolean
  try {
    isDir = (await stat(path)).isDirectory()
  } catch {
    throw new NoLogError(path, 'no such file or directory')
  }
  const groups = await resolveLogPath(path)
  if (groups.size === 0) throw new NoLogError(path, 'holds no audit log (no <process>-<seq>.jsonl segment files)')
  const out: LogSnapshot[] = []
  for (const [proc, refs] of groups) {
    // The base first, sizes after: a base is written only once the records it seals are durable,
    // so the sizes taken after it always reach it.
    let bases = await readBaseFiles(isDir ? path : dirname(path), proc)
    if (!isDir) bases = bases.filter((b) => b.size === refs[0]?.startSeq)
    const segments: SegmentSnapshot[] = []
    for (const r of refs) segments.push({ path: r.path, startSeq: r.startSeq, size: (await stat(r.path)).size })
    out.push({ source: path, process: proc, label: groups.size > 1 ? `${path} (${proc})` : path, segments, bases })
  }
  return out
}

/** Snapshots of several paths, in the order given. */
export async function snapshotPaths(paths: readonly string[]): Promise<LogSnapshot[]> {
  const out: LogSnapshot[] = []
  for (const p of paths) out.push(...(await snapshotPath(p)))
  return out
}

const TAIL = 64 * 1024

/**
 * The seq of the last whole record within the snapshot (-1 when it holds none), read from the end of
 * its last non-empty segment: what a later, larger snapshot of the same log holds beyond it has a
 * greater seq. A tail that does not parse as records is searched further back, up to the whole segment.
 */
export async function lastSeq(log: LogSnapshot): Promise<number> {
  for (const seg of [...log.segments].reverse()) {
    if (seg.size === 0) continue
    const fh = await open(seg.path, 'r')
    try {
      for (let span = Math.min(TAIL, seg.size); ; span = Math.min(span * 4, seg.size)) {
        const buf = Buffer.alloc(span)
        const { bytesRead } = await fh.read(buf, 0, span, seg.size - span)
        const lines = buf.toString('utf8', 0, bytesRead).split('\n').slice(span < seg.size ? 1 : 0, -1)
        for (const line of lines.reverse()) {
          const seq = seqOf(line)
          if (seq !== undefined) return seq
        }
        if (span === seg.size) break
      }
    } finally {
      await fh.close()
    }
  }
  return -1
}

function seqOf(line: string): number | undefined {
  try {
    const v = JSON.parse(line) as { seq?: unknown }
    return typeof v === 'object' && v !== null && Number.isSafeInteger(v.seq) ? (v.seq as number) : undefined
  } catch {
    return undefined
  }
}
