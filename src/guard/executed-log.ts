/** @module guard/executed-log: open the guard's executed log and refill a volatile replay store from it. */
import { openAuditWriter, readRecords } from '../audit/index.js'
import type { AuditWriter } from '../audit/index.js'
import type { SigningKey } from '../binding/index.js'
import { holdsEarlierRun, seedReplayFromRecords } from './replay-seed.js'
import type { ReplayStore } from './types.js'

export interface ExecutedLog {
  audit: AuditWriter
  /** True when a volatile store was refilled, so the restart rule is not needed (GuardOptions.replaySeeded). */
  seeded: boolean
}

/**
 * Opens the executed log (process `guard` or `guard-{replica}`, signed with the guard's own key) and, for a store that
 * forgot its nonces on restart, claims again every nonce the log shows accepted and still in its
 * window. The store counts as refilled only if the log holds this guard's earlier records: a log
 * that is new, empty or was lost (ephemeral storage) leaves the restart rule on, so a captured
 * request cannot run again after a restart.
 */
export async function openExecutedLog(o: {
  dir: string
  /** The log's process name: `guard` (default), or `guard-{replicaId}` for one of several replicas. */
  process?: string
  key: SigningKey
  audience: string
  replay: ReplayStore
  nowMs: number
  skewSeconds?: number
  log: (line: string) => void
  /** Each group commit of the executed log (metrics). */
  onBatch?: (records: number, fsyncSeconds: number) => void
}): Promise<ExecutedLog> {
  const audit = await openAuditWriter({
    dir: o.dir, process: o.process ?? 'guard', signer: { kid: o.key.kid, privateKey: o.key.privateKey },
    startFields: { keys: [{ kid: o.key.kid, x: String(o.key.publicJwk.x) }], audience: o.audience },
    onFatal: (err) => o.log(`verbatim guard: EXECUTED LOG FAILED, refusing every call until restart: ${err.message}`),
    ...(o.onBatch === undefined ? {} : { onBatch: o.onBatch }),
  })
  if (o.replay.volatile !== true) return { audit, seeded: false }
  // A recovery that cut well-formed records means the log is not the whole story: keep the restart rule.
  const cutRecords = audit.recovery.cut?.cutRecords ?? 0
  if (cutRecords > 0) {
    o.log(`verbatim guard: recovery cut ${cutRecords} well-formed record(s); the restart rule stays on`)
    return { audit, seeded: false }
  }
  const records = await readRecords(o.dir)
  if (!holdsEarlierRun(records, o.audience)) {
    o.log(`verbatim guard: the executed log holds no earlier run for audience ${o.audience}; the restart rule applies (bindings created before start + skew are refused)`)
    return { audit, seeded: false }
  }
  o.log(`verbatim guard: ${await seedReplayFromRecords(o.replay, records, o.nowMs, o.skewSeconds)} nonce(s) still in their window reloaded from the executed log`)
  return { audit, seeded: true }
}
