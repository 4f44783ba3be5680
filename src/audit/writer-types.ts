/** @module audit/writer-types: the writer's options and interface, as the gate and guard see them. */
import type { KeyObject } from 'node:crypto'
import type { AuditFs } from './fs-ops.js'
import type { Recovery } from './recover.js'
import type { AuditRecordType, JsonValue } from './types.js'

export interface AuditSigner {
  kid: string
  /** Ed25519 private key. */
  privateKey: KeyObject
}

/** Work a timer runs; a returned promise lets a test's fake timers wait for it. */
export type TimerTask = () => void | Promise<unknown>

/**
 * The writer's timers, injected so tests drive time instead of sleeping. Each call returns its cancel.
 * The default uses node's setInterval (unref'd: a pending checkpoint never keeps a process alive) and setTimeout.
 */
export interface AuditTimers {
  every(ms: number, task: TimerTask): () => void
  after(ms: number, task: TimerTask): () => void
}

export interface AuditWriterOptions {
  dir: string
  process: 'gate' | 'guard' | (string & {})
  signer: AuditSigner
  /** Signed checkpoint after this many records (default 1000). */
  checkpointEvery?: number
  /** Signed checkpoint after this long with unsigned records (default 10 000 ms). */
  checkpointIntervalMs?: number
  /**
   * Extra wait before an idle writer flushes (default 0). Appends that arrive while a fdatasync is
   * in flight always share the next one, so the wait is bounded by one fsync; a delay only helps bursts.
   */
  groupCommitDelayMs?: number
  /**
   * The longest a lazy record (AppendOptions.lazy) stays written but not fdatasync'd when no other
   * record's sync covers it (default 100 ms).
   */
  lazySyncMs?: number
  /** Rotate to a new segment once the current one reaches this size (default 64 MiB). */
  segmentMaxBytes?: number
  /** Extra fields for the `start` record, e.g. `keys: [{kid, x}]` of the binding keys in use. */
  startFields?: Record<string, JsonValue>
  now?: () => number
  /** The checkpoint timer and the group-commit delay; default node's timers. */
  timers?: AuditTimers
  /**
   * Called when the writer fails. `recovering`: it failed for want of room (ENOSPC, EDQUOT on a write)
   * and takes the log up again by itself once the disk has room (onRecover); false: for good.
   */
  onFatal?: (err: Error, recovering: boolean) => void
  /** Called when a writer that failed for want of room writes again (its `recovery` and `start` records are durable). */
  onRecover?: () => void
  /** How often a writer that failed for want of room looks at the free space (default 1000 ms; backs off to 30 s after a failed attempt). */
  recoverCheckMs?: number
  /** Loud warnings (recovery below a checkpoint); default: stderr. */
  onWarn?: (message: string) => void
  /** After each group commit's fdatasync: how many records it made durable and how long the sync took (metrics). */
  onBatch?: (records: number, fsyncSeconds: number) => void
  fs?: AuditFs
}

/** How a record is appended. */
export interface AppendOptions {
  /**
   * An outcome nobody waits for (the gate's `forward`, the guard's `receipt`): written with the next
   * batch at once (a killed process loses none of it), but it takes no fdatasync of its own: the
   * next record waited for carries it, or a sync within `lazySyncMs`. The promise still resolves
   * only once it is durable. Only a machine that stops in that window can lose it (docs/audit.md).
   */
  lazy?: boolean
}

export interface AuditWriterStats {
  records: number
  fsyncs: number
  batches: number
}

export interface AuditWriter {
  /** Resolves only after the record is fdatasync'd; after a failure rejects with ERR_AUDIT_UNAVAILABLE (until recovered, when it can be). */
  append(type: AuditRecordType, fields: Record<string, JsonValue>, opts?: AppendOptions): Promise<{ seq: number; hash: string }>
  readonly failed: Error | null
  /** True while failed for want of room: it writes again by itself once the disk has room. False when failed for good (restart). */
  readonly recovering: boolean
  readonly stats: Readonly<AuditWriterStats>
  /** The recovery done at open, if any. */
  readonly recovery: Recovery
  checkpoint(): Promise<void>
  /** Writes `stop` and a final checkpoint, fsyncs, closes. */
  close(): Promise<void>
}
