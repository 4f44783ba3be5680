/** @module audit/writer: the one append-only, group-committed, fail-closed writer of a log (opened by writer-open.ts). */
import { join } from 'node:path'
import { VerbatimError } from '../errors/index.js'
import type { BaseBody } from './base.js'
import { signBase } from './base.js'
import { NODE_TIMERS, baseBody, unavailable } from './writer-support.js'
import { writeBaseFile } from './base-file.js'
import { publicKeyEntry, signCheckpoint } from './checkpoint.js'
import type { AuditFile, AuditFs } from './fs-ops.js'
import type { AppendOptions, AuditTimers, AuditWriter, AuditWriterOptions, AuditWriterStats } from './writer-types.js'
import { nodeAuditFs } from './fs-ops.js'
import { buildRecord } from './record.js'
import type { LogState, Recovery } from './recover.js'
import { segmentName } from './segment.js'
import type { AuditRecordType, JsonValue } from './types.js'

interface Pending {
  path: string
  line: string
  seq: number
  hash: string
  /** Written with the next batch, but no fdatasync of its own (AppendOptions.lazy). */
  lazy: boolean
  resolve: (v: { seq: number; hash: string }) => void
  reject: (e: Error) => void
}

const INTERNAL_TYPES: ReadonlySet<AuditRecordType> = new Set(['start', 'stop', 'recovery', 'checkpoint'])

/** Why a writer stopped: out of room on a write (it may write again once there is room), or anything else (for good). */
export type FailKind = 'full' | 'fatal'

/** Errors of a write(2) or an open(2) that say "no room", not "the disk lost data". */
const FULL_CODES: ReadonlySet<string> = new Set(['ENOSPC', 'EDQUOT'])

export class Writer implements AuditWriter {
  failed: Error | null = null
  /** Set with `failed`: 'full' only while no fdatasync has failed (after one, the page cache proves nothing). */
  failKind: FailKind | null = null
  readonly recovering = false
  readonly stats: AuditWriterStats = { records: 0, fsyncs: 0, batches: 0 }
  #pending: Pending[] = []
  #inflight = false
  /** Settles when every datasync issued so far has finished; rejects on the first failure. */
  #synced: Promise<void> = Promise.resolve()
  /** Batches written but not yet acknowledged. */
  readonly #unacked = new Set<Pending[]>()
  /** Lazy records written but covered by no fdatasync yet: the next one issued covers them. */
  #dirty: Pending[] = []
  /** Cancels the timer that syncs dirty records nobody else synced in time. */
  #lazyTimer: (() => void) | null = null
  /** A sync is owed for dirty records even if no record is pending (the lazy timer fired). */
  #owed = false
  #scheduled = false
  #closed = false
  #abandoned = false
  #file: AuditFile | null = null
  #filePath = ''
  #segPath: string
  #segBytes = 0
  #sinceCheckpoint = 0
  readonly #stopTimer: () => void
  readonly #timers: AuditTimers
  readonly #opts: AuditWriterOptions
  readonly #state: LogState
  readonly #fs: AuditFs
  readonly #now: () => number

  readonly #release: (() => Promise<void>) | undefined
  /** The base checkpoint to write when the segment it starts is first opened. */
  #pendingBase: { path: string; body: BaseBody } | null = null

  /** `resumed`: this writer continues a log whose writer failed earlier in this same process (writer-open.ts). */
  constructor(opts: AuditWriterOptions, readonly recovery: Recovery, release?: () => Promise<void>, readonly resumed = false) {
    this.#opts = opts
    this.#release = release
    this.#state = recovery.state
    this.#fs = opts.fs ?? nodeAuditFs
    this.#now = opts.now ?? Date.now
    this.#segPath = join(opts.dir, segmentName(opts.process, this.#state.nextSeq))
    this.#timers = opts.timers ?? NODE_TIMERS
    this.#stopTimer = this.#timers.every(opts.checkpointIntervalMs ?? 10_000, () => {
      if (this.#sinceCheckpoint > 0 && this.failed === null && !this.#closed) return this.checkpoint().catch(() => {})
      return undefined
    })
  }

  append(type: AuditRecordType, fields: Record<string, JsonValue>, opts?: AppendOptions): Promise<{ seq: number; hash: string }> {
    if (this.#closed) return Promise.reject(new VerbatimError('ERR_AUDIT_UNAVAILABLE', 'audit: writer is closed'))
    if (INTERNAL_TYPES.has(type)) return Promise.reject(new VerbatimError('ERR_INTERNAL', `audit: '${type}' records are written by the writer itself`))
    return this.#enqueue(type, fields, opts?.lazy === true)
  }

  checkpoint(): Promise<void> {
    return this.#enqueueCheckpoint().then(() => undefined)
  }

  /** Internal: any type, including the writer's own. Ordering is fixed here, synchronously. */
  #enqueue(type: AuditRecordType, fields: Record<string, JsonValue>, lazy = false): Promise<{ seq: number; hash: string }> {
    if (this.failed !== null) return Promise.reject(unavailable(this.failed))
    let built
    try {
      built = buildRecord(this.#state.nextSeq, this.#now(), type, this.#state.lastHash, fields)
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)))
    }
    const st = this.#state
    st.nextSeq++
    st.lastHash = built.hash
    st.frontier.push(built.hash)
    this.stats.records++
    const p = new Promise<{ seq: number; hash: string }>((resolve, reject) => {
      this.#pending.push({ path: this.#segPath, line: built.line, seq: built.record.seq, hash: built.hash, lazy, resolve, reject })
    })
    this.#segBytes += Buffer.byteLength(built.line)
    this.#schedule()
    if (type === 'checkpoint') {
      this.#sinceCheckpoint = 0
      st.lastCheckpointSeq = built.record.seq
      if (this.#segBytes >= (this.#opts.segmentMaxBytes ?? 64 * 1024 * 1024)) {
        // Each segment ends in a checkpoint; the next one is named by its first seq, and a base
        // checkpoint at that seq seals the segments before it (written once they are durable).
        this.#segPath = join(this.#opts.dir, segmentName(this.#opts.process, st.nextSeq))
        this.#segBytes = 0
        this.#pendingBase = { path: this.#segPath, body: baseBody(this.#opts.process, st) }
      }
      return p
    }
    this.#sinceCheckpoint++
    if (type === 'stop') return p // close() follows it with the final checkpoint
    const every = this.#opts.checkpointEvery ?? 1000
    if (this.#sinceCheckpoint >= every || this.#segBytes >= (this.#opts.segmentMaxBytes ?? 64 * 1024 * 1024)) {
      this.#enqueueCheckpoint().catch(() => {})
    }
    return p
  }

  #enqueueCheckpoint(): Promise<{ seq: number; hash: string }> {
    const { kid, privateKey } = this.#opts.signer
    const st = this.#state
    const fields = signCheckpoint({ origin: this.#opts.process, size: st.nextSeq, root: st.frontier.root(), kid }, privateKey)
    return this.#enqueue('checkpoint', fields)
  }

  #schedule(): void {
    if (this.#inflight || this.#scheduled) return
    this.#scheduled = true
    const delay = this.#opts.groupCommitDelayMs ?? 0
    const run = (): Promise<void> => {
      this.#scheduled = false
      return this.#flush()
    }
    if (delay > 0) this.#timers.after(delay, run)
    else setImmediate(() => void run())
  }

  /**
   * Group commit, pipelined: a batch is written as soon as the previous write returns, and its
   * fdatasync overlaps the previous one's. Writes stay strictly ordered (one at a time, O_APPEND);
   * a batch is acknowledged only when its own sync and every earlier one succeeded, so an error
   * anywhere fails everything not yet acknowledged (never retried: fsync errors are sticky).
   * A batch of lazy records only (outcomes nobody waits for) is written but not synced: the next
   * sync covers it, or the lazy timer's within `lazySyncMs`.
   */
  async #flush(): Promise<void> {
    if (this.#inflight || this.failed !== null || (this.#pending.length === 0 && !(this.#owed && this.#dirty.length > 0))) return
    const batch = this.#pending
    this.#pending = []
    this.#owed = false
    this.#inflight = true
    const syncs: Promise<void>[] = []
    let covered: Pending[] = []
    try {
      let i = 0
      while (i < batch.length) {
        const path = (batch[i] as Pending).path
        let j = i
        while (j < batch.length && (batch[j] as Pending).path === path) j++
        await this.#ensureFile(path, syncs)
        const file = this.#file as AuditFile
        const group = batch.slice(i, j)
        await file.write(Buffer.from(group.map((p) => p.line).join('')))
        this.#dirty.push(...group)
        if (group.some((p) => !p.lazy)) covered = covered.concat(this.#syncDirty(file, syncs))
        i = j
      }
      // The lazy timer fired with nothing pending: its sync is owed now.
      if (batch.length === 0 && this.#file !== null) covered = this.#syncDirty(this.#file, syncs)
    } catch (err) {
      this.#inflight = false
      // A sync already in flight may still fail: that makes the failure one for good.
      for (const s of syncs) s.catch((e: unknown) => this.#fail(e, [], 'sync'))
      this.#fail(err, batch, 'write')
      return
    }
    this.#inflight = false
    if (syncs.length > 0) {
      const synced = Promise.all([this.#synced, ...syncs]).then(() => undefined)
      this.#synced = synced
      this.#unacked.add(covered)
      synced.then(
        () => {
          this.#unacked.delete(covered)
          if (this.failed !== null) return
          this.stats.batches++
          for (const p of covered) p.resolve({ seq: p.seq, hash: p.hash })
        },
        (err: unknown) => this.#fail(err, covered, 'sync'),
      )
    }
    // Appends that arrived during the write go out now; their sync overlaps this one.
    if (this.#pending.length > 0 || (this.#owed && this.#dirty.length > 0)) setImmediate(() => void this.#flush())
    else if (this.#dirty.length > 0) this.#armLazySync()
  }

  /** Issues one fdatasync covering every dirty record (written to `file`); returns them. */
  #syncDirty(file: AuditFile, syncs: Promise<void>[]): Pending[] {
    const covered = this.#dirty
    this.#dirty = []
    const t0 = performance.now()
    syncs.push(file.datasync().then(() => {
      this.stats.fsyncs++
      this.#opts.onBatch?.(covered.length, (performance.now() - t0) / 1000)
    }))
    return covered
  }

  /** Dirty records are synced within `lazySyncMs` even if no waited record comes to carry them. */
  #armLazySync(): void {
    if (this.#lazyTimer !== null || this.#closed) return
    this.#lazyTimer = this.#timers.after(this.#opts.lazySyncMs ?? 100, () => {
      this.#lazyTimer = null
      if (this.#dirty.length === 0 || this.failed !== null) return undefined
      this.#owed = true
      return this.#flush()
    })
  }

  async #ensureFile(path: string, earlier: Promise<void>[]): Promise<void> {
    if (this.#file !== null && this.#filePath === path) return
    // Dirty records of the segment being left are synced on it (a segment ends in a checkpoint, which is never lazy: a safeguard).
    if (this.#file !== null && this.#dirty.length > 0) {
      const covered = this.#syncDirty(this.#file, earlier)
      void Promise.all([this.#synced, ...earlier]).then(() => {
        if (this.failed === null) for (const p of covered) p.resolve({ seq: p.seq, hash: p.hash })
      }, (err: unknown) => this.#fail(err, covered, 'sync'))
    }
    // A segment is closed only once every sync on it has finished.
    await this.#synced.catch(() => undefined)
    await Promise.all(earlier).catch(() => undefined)
    const base = this.#pendingBase
    if (base !== null && base.path === path) {
      this.#pendingBase = null
      await Promise.all(earlier) // the records it seals are durable before it is written
      await this.#writeBase(base.body)
    }
    if (this.#file !== null) await this.#file.close()
    this.#file = null
    this.#file = await this.#fs.openAppend(path)
    this.#filePath = path
    await this.#fs.syncDir(this.#opts.dir)
  }

  #fail(err: unknown, batch: Pending[], where: 'write' | 'sync'): void {
    // Never retried: the writer stops accepting, callers answer 503 ERR_AUDIT_UNAVAILABLE.
    const cause = err instanceof Error ? err : new Error(String(err))
    const first = this.failed === null
    const kind: FailKind = where === 'write' && FULL_CODES.has(String((cause as NodeJS.ErrnoException).code)) ? 'full' : 'fatal'
    if (first) this.failed = cause
    if (this.failKind !== 'fatal') this.failKind = kind
    const rest = this.#pending
    this.#pending = []
    const unacked = [...this.#unacked].flat()
    this.#unacked.clear()
    const dirty = this.#dirty
    this.#dirty = []
    for (const p of new Set([...batch, ...unacked, ...rest, ...dirty])) p.reject(unavailable(cause))
    if (first) {
      this.#stopTimer()
      this.#lazyTimer?.()
      this.#lazyTimer = null
      this.#opts.onFatal?.(cause, this.failKind === 'full')
    }
  }

  /**
   * Lets go of a failed writer without writing `stop` and without releasing the lock (a new writer
   * takes the log over): waits for every fdatasync issued, closes the file, says how it failed.
   */
  async abandon(): Promise<FailKind> {
    this.#closed = true
    this.#abandoned = true
    this.#stopTimer()
    this.#lazyTimer?.()
    this.#lazyTimer = null
    await this.#synced.catch(() => undefined)
    if (this.#file !== null) await this.#file.close().catch(() => undefined)
    this.#file = null
    return this.failKind ?? 'fatal'
  }

  async close(): Promise<void> {
    // An abandoned writer that no new one replaced (still no room at stop): the log ends without stop.
    if (this.#abandoned) {
      this.#abandoned = false
      await this.#release?.()
      throw unavailable(this.failed ?? new Error('audit: the log could not be taken up again'))
    }
    if (this.#closed) return
    this.#stopTimer()
    // The final checkpoint's sync covers any dirty record: no lazy timer is needed after it.
    this.#lazyTimer?.()
    this.#lazyTimer = null
    if (this.failed === null) {
      const stop = this.#enqueue('stop', {})
      const cp = this.#enqueueCheckpoint()
      this.#closed = true
      await Promise.all([stop, cp]).catch(() => {})
    }
    this.#closed = true
    if (this.#file !== null) await this.#file.close().catch(() => {})
    this.#file = null
    await this.#release?.()
    if (this.failed !== null) throw unavailable(this.failed)
  }

  /** Best effort: without a base the next open reads every segment, as it always could. */
  async #writeBase(body: BaseBody): Promise<void> {
    try {
      await writeBaseFile(this.#opts.dir, this.#opts.process, signBase(body, this.#opts.signer.kid, this.#opts.signer.privateKey))
    } catch (err) {
      this.#warn(`audit: could not write the base checkpoint in ${this.#opts.dir}: ${(err as Error).message}; the next start reads every segment`)
    }
  }

  #warn(m: string): void {
    ;(this.#opts.onWarn ?? ((x: string) => process.stderr.write(`WARNING: ${x}\n`)))(m)
  }

  /** Writes recovery (if any) and start, durably, before the writer is handed out. */
  async begin(): Promise<void> {
    const st = this.recovery.state
    // Seal what the last run left, so the next open reads only this run's segments.
    if (st.nextSeq > 0 && this.recovery.base !== st.nextSeq) await this.#writeBase(baseBody(this.#opts.process, st))
    const r = this.recovery
    if (r.existed && !r.clean) {
      const f: Record<string, JsonValue> = { clean: false, lastSeq: r.state.nextSeq - 1, lastCheckpointSeq: r.state.lastCheckpointSeq }
      // The same process goes on after its writer failed (a full disk that has room again).
      if (this.resumed) f.resumed = true
      if (r.cut !== undefined) {
        const c = r.cut
        Object.assign(f, { file: c.file, savedAs: c.savedAs, cutBytes: c.cutBytes, cutRecords: c.cutRecords, cutCheckpoints: c.cutCheckpoints, cutSha256: c.sha256 })
      }
      this.#enqueue('recovery', f).catch(() => undefined) // a failure fails `start` too, which is awaited
    }
    const signer = publicKeyEntry(this.#opts.signer.kid, this.#opts.signer.privateKey)
    await this.#enqueue('start', {
      ...this.#opts.startFields,
      origin: this.#opts.process,
      pid: process.pid,
      signer: { kid: signer.kid, x: signer.x },
    })
  }
}
