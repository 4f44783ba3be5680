/** @module guard/executed-log: open the guard's executed log and refill the replay store from it. */
import { openAuditWriter, parseRecords, readLogFiles, readRecords } from '../audit/index.js'
import type { AuditRecord, AuditWriter } from '../audit/index.js'
import type { SigningKey } from '../binding/index.js'
import { holdsEarlierRun, seedReplayFromRecords } from './replay-seed.js'
import type { ReplayStore } from './types.js'

export interface ExecutedLog {
  audit: AuditWriter
  /** True when a volatile store was refilled, so the restart rule is not needed (GuardOptions.replaySeeded). */
  seeded: boolean
}

/**
 * Opens the executed log (process `guard` or `guard-{replica}`, signed with the guard's own key) and
 * claims again every nonce the logs in its directory show used (accepted, or refused after the
 * signature verified) and still in its window. A shared store keeps its own nonces; it gets them too
 * (to claim before its next claim), for refusals it could not take while unreachable. A volatile
 * store counts as refilled only if this guard's own log holds an earlier run that stopped cleanly:
 * a log that is new, empty, was lost (ephemeral storage), or whose last run ended without `stop`
 * (a crash, or a log that failed) leaves the restart rule on, so a captured request cannot run again
 * after a restart.
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
  const name = o.process ?? 'guard'
  const audit = await openAuditWriter({
    dir: o.dir, process: name, signer: { kid: o.key.kid, privateKey: o.key.privateKey },
    startFields: { keys: [{ kid: o.key.kid, x: String(o.key.publicJwk.x) }], audience: o.audience },
    onFatal: (err, recovering) => o.log(recovering
      ? `verbatim guard: EXECUTED LOG FAILED (no room: ${err.message}), refusing every call until it can write again; it resumes by itself once the disk has room`
      : `verbatim guard: EXECUTED LOG FAILED for good, refusing every call until restart (its /healthz fails): ${err.message}`),
    onRecover: () => o.log('verbatim guard: the executed log is writable again (a recovery record marked resumed, then start); calls are accepted again'),
    ...(o.onBatch === undefined ? {} : { onBatch: o.onBatch }),
  })
  const refill = async (keep: (r: AuditRecord) => boolean): Promise<number> => seedReplayFromRecords(o.replay, (await readRecords(o.dir)).filter(keep), o.nowMs, o.skewSeconds)
  if (o.replay.volatile !== true) {
    // It holds what it accepted; a refusal may have been answered while it could not be reached.
    const n = await refill((r) => r.type === 'refusal')
    o.log(`verbatim guard: ${n} refused nonce(s) still in their window from the executed logs, to claim in the shared replay store`)
    return { audit, seeded: false }
  }
  // A recovery that cut well-formed records means the log is not the whole story: keep the restart rule.
  const cutRecords = audit.recovery.cut?.cutRecords ?? 0
  if (cutRecords > 0) {
    o.log(`verbatim guard: recovery cut ${cutRecords} well-formed record(s); the restart rule stays on`)
    return { audit, seeded: false }
  }
  const own = ((await readLogFiles(o.dir)).get(name) ?? []).flatMap((f) => parseRecords(f.text))
  if (!holdsEarlierRun(own, o.audience)) {
    o.log(`verbatim guard: the executed log holds no earlier run for audience ${o.audience} that stopped cleanly; the restart rule applies (bindings created before start + skew are refused)`)
    return { audit, seeded: false }
  }
  o.log(`verbatim guard: ${await refill(() => true)} nonce(s) still in their window reloaded from the executed log`)
  return { audit, seeded: true }
}
