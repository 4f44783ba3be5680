/** @module audit/writer-open: open a log, and take it up again in-process once a full disk has room. */
import { mkdir, statfs } from 'node:fs/promises'
import { VerbatimError } from '../errors/index.js'
import { readBaseFiles } from './base-file.js'
import { publicKeyEntry } from './checkpoint.js'
import { lockLog } from './lock.js'
import { recoverLog } from './recover.js'
import { assertProcessName, listSegments } from './segment.js'
import type { AuditRecordType, JsonValue } from './types.js'
import { Writer } from './writer.js'
import type { AppendOptions, AuditTimers, AuditWriter, AuditWriterOptions, AuditWriterStats } from './writer-types.js'
import type { Recovery } from './recover.js'

/** Node's timers, unref'd: a log waiting for room never holds a process open. */
const UNREF_TIMERS: Pick<AuditTimers, 'after'> = {
  after(ms, task) {
    const t = setTimeout(() => void task(), ms)
    t.unref()
    return () => clearTimeout(t)
  },
}

/** Free bytes below which a full disk is not tried again yet (one attempt writes a recovery and a start record). */
const ROOM_BYTES = 64 * 1024

/** Rebuilds the chain from the segments on disk (cutting a torn tail), then writes `recovery` and `start`, durably. */
async function openLocked(opts: AuditWriterOptions, release: () => Promise<void>, resumed: boolean, onFatal: (err: Error) => void): Promise<Writer> {
  const now = opts.now ?? Date.now
  const segments = (await listSegments(opts.dir)).get(opts.process) ?? []
  const bases = await readBaseFiles(opts.dir, opts.process)
  const recovery = await recoverLog(segments, now(), { bases, signer: publicKeyEntry(opts.signer.kid, opts.signer.privateKey) })
  const cut = recovery.cut
  if (cut !== undefined && (cut.cutCheckpoints > 0 || cut.cutRecords > 0)) {
    const warn = opts.onWarn ?? ((m: string) => process.stderr.write(`WARNING: ${m}\n`))
    warn(`audit recovery in ${cut.file} cut ${cut.cutBytes} bytes holding ${cut.cutRecords} well-formed record(s) and ${cut.cutCheckpoints} checkpoint(s): ` +
      `the cut reaches below the last checkpoint (last kept seq ${recovery.state.nextSeq - 1}); saved as ${cut.savedAs}. Compare with off-host checkpoints.`)
  }
  const w = new Writer({ ...opts, onFatal }, recovery, release, resumed)
  try {
    await w.begin()
  } catch (err) {
    await w.abandon()
    throw err
  }
  return w
}

/**
 * The writer the gate and the guard hold. When its writer fails because a write found no room
 * (ENOSPC, EDQUOT) and no fdatasync failed, it takes the log up again by itself once the disk has
 * room: the same recovery as a restart (a torn tail cut and saved, a `recovery` record marked
 * `resumed`, then `start`), by a new writer under the same lock. Until then every append is refused
 * (ERR_AUDIT_UNAVAILABLE). Any other failure stops it for good: `recovering` is false, and the
 * process should be restarted (the gate's and the guard's /healthz then fail).
 */
class RecoveringWriter implements AuditWriter {
  #w: Writer
  #state: 'ok' | 'recovering' | 'stopped' = 'ok'
  #failures = 0
  #cancel: () => void = () => undefined
  #attempt: Promise<boolean> | null = null
  #closed = false

  constructor(first: Writer, private readonly opts: AuditWriterOptions, private readonly release: () => Promise<void>) {
    this.#w = first
  }

  get failed(): Error | null {
    return this.#w.failed
  }

  get recovering(): boolean {
    return this.#state === 'recovering'
  }

  get stats(): Readonly<AuditWriterStats> {
    return this.#w.stats
  }

  get recovery(): Recovery {
    return this.#w.recovery
  }

  append(type: AuditRecordType, fields: Record<string, JsonValue>, opts?: AppendOptions): Promise<{ seq: number; hash: string }> {
    return this.#w.append(type, fields, opts)
  }

  checkpoint(): Promise<void> {
    return this.#w.checkpoint()
  }

  /** The current writer failed: keep trying while the failure was a full disk, else stop for good. */
  readonly onFatal = (err: Error): void => {
    // A writer that fails while it is being opened is the attempt's failure, not a new one.
    if (this.#state !== 'ok') return
    const full = this.#w.failKind === 'full'
    this.#state = full ? 'recovering' : 'stopped'
    this.opts.onFatal?.(err, full)
    if (full) this.#schedule()
  }

  #schedule(): void {
    if (this.#closed) return
    // Every `recoverCheckMs` a look at the free space; after a failed attempt, twice as long (at most 30 s).
    const every = this.opts.recoverCheckMs ?? 1000
    const wait = Math.min(30_000, every * 2 ** Math.min(this.#failures, 5))
    const timers = this.opts.timers ?? UNREF_TIMERS
    this.#cancel = timers.after(wait, async () => {
      if (this.#closed || this.#state !== 'recovering') return
      if (!(await hasRoom(this.opts.dir))) return this.#schedule()
      if (!(await this.tryRecover())) this.#schedule()
    })
  }

  /** One attempt now (the timer's, or close()'s): true once a new writer has made `start` durable. */
  tryRecover(): Promise<boolean> {
    this.#attempt ??= this.#recover().finally(() => (this.#attempt = null))
    return this.#attempt
  }

  async #recover(): Promise<boolean> {
    if (this.#state !== 'recovering') return this.#state === 'ok'
    const old = this.#w
    if ((await old.abandon()) === 'fatal') {
      this.#state = 'stopped'
      this.opts.onFatal?.(old.failed ?? new Error('an fdatasync failed'), false)
      return false
    }
    try {
      this.#w = await openLocked(this.opts, this.release, true, this.onFatal)
    } catch (err) {
      this.#failures++
      this.opts.onWarn?.(`audit: the log in ${this.opts.dir} cannot be written yet: ${(err as Error).message}`)
      return false
    }
    this.#state = 'ok'
    this.#failures = 0
    this.opts.onRecover?.()
    return true
  }

  async close(): Promise<void> {
    this.#closed = true
    this.#cancel()
    // A stop after the disk has room again closes the log cleanly, even before the next check.
    if (this.#state === 'recovering') await this.tryRecover()
    await this.#attempt
    await this.#w.close()
  }
}

/** True when the filesystem under `dir` has room for an attempt (or cannot say). */
async function hasRoom(dir: string): Promise<boolean> {
  try {
    const s = await statfs(dir)
    return s.bavail * s.bsize >= ROOM_BYTES
  } catch {
    return true
  }
}

/**
 * Opens the process's log in `opts.dir`: recovers a torn tail (cut, saved, and described in a
 * `recovery` record), then writes `start`, durably, before resolving.
 * @example
 * const audit = await openAuditWriter({ dir: '/var/log/verbatim', process: 'gate', signer })
 * await audit.append('decision', { decisionId, verdict: 'allow', ... }) // durable now
 */
export async function openAuditWriter(opts: AuditWriterOptions): Promise<AuditWriter> {
  assertProcessName(opts.process)
  let release: (() => Promise<void>) | undefined
  try {
    await mkdir(opts.dir, { recursive: true })
    const held = await lockLog(opts.dir, opts.process)
    release = held
    let outer: RecoveringWriter | undefined
    const first = await openLocked(opts, held, false, (err) => outer?.onFatal(err))
    outer = new RecoveringWriter(first, opts, held)
    return outer
  } catch (err) {
    await release?.()
    if (err instanceof VerbatimError) throw err
    throw new VerbatimError('ERR_AUDIT_UNAVAILABLE', 'audit log could not be opened', { cause: err })
  }
}
