/** @module auditor/follow: reads a log again and again, each time only what was appended, verifying as it goes. */
import { LogVerifier, readLines, snapshotPath } from '../audit/index.js'
import type { AuditFault, AuditRecord, LogSnapshot, RecordAt, VerifyOptions } from '../audit/index.js'

interface Followed {
  verifier: LogVerifier
  /** Bytes and lines read so far, per segment path. */
  read: Map<string, { offset: number; line: number }>
  current: string | null
  faultsSeen: number
}

/**
 * Follows every log under a path: the first `poll` reads everything, each later one only the
 * complete lines appended since (a line still being written waits for the next poll). One
 * verifier per log sees every line once, so following costs what reading once does.
 */
export class LogFollower {
  readonly #path: string
  readonly #opts: VerifyOptions
  readonly #logs = new Map<string, Followed>()

  constructor(path: string, opts: VerifyOptions = {}) {
    this.#path = path
    this.#opts = { ...opts, live: true }
  }

  /** Feeds new records to `onRecord`; returns the faults found in them. */
  async poll(onRecord: (r: AuditRecord, at: RecordAt) => void): Promise<AuditFault[]> {
    const fresh: AuditFault[] = []
    for (const log of await snapshotPath(this.#path)) {
      const f = this.#logs.get(log.process) ?? { verifier: new LogVerifier(this.#opts, log.bases), read: new Map(), current: null, faultsSeen: 0 }
      this.#logs.set(log.process, f)
      await this.#pollLog(log, f, onRecord)
      fresh.push(...f.verifier.faults.slice(f.faultsSeen))
      f.faultsSeen = f.verifier.faults.length
    }
    return fresh
  }

  async #pollLog(log: LogSnapshot, f: Followed, onRecord: (r: AuditRecord, at: RecordAt) => void): Promise<void> {
    for (const seg of log.segments) {
      const at = f.read.get(seg.path) ?? { offset: 0, line: 1 }
      if (at.offset >= seg.size && f.read.has(seg.path)) continue
      if (f.current !== seg.path) {
        f.verifier.file(seg.path, seg.startSeq)
        f.current = seg.path
      }
      const v = f.verifier
      const r = await readLines(seg.path, {
        line(text, line) {
          const res = v.line(text, line)
          if (res !== null) onRecord(res.record, { log, file: seg.path, line, intact: res.intact })
        },
        torn: () => undefined,
      }, { offset: at.offset, limit: seg.size, firstLine: at.line })
      f.read.set(seg.path, { offset: r.offset, line: at.line + r.lines })
    }
  }
}
