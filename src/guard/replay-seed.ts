/** @module guard/replay-seed: refill a replay store from the executed log (after a restart, or a shared store's loss). */
import type { AuditRecord } from '../audit/index.js'
import { readRecords } from '../audit/index.js'
import { DEFAULT_SKEW_SECONDS, replayHoldSeconds } from '../binding/index.js'
import type { ReplayStore } from './types.js'

/**
 * True for a record of a nonce this guard's answer used: an accepted `execution`, or a `refusal`
 * given after the signature verified (`spent`). A refusal of forged traffic spends nothing.
 */
function spentNonce(r: AuditRecord): boolean {
  return (r.type === 'execution' && r.status === 'accepted') || (r.type === 'refusal' && r.spent === true)
}

/**
 * Claims again, from records of the executed log, each nonce that an answer used (accepted, or
 * refused after its signature verified) and whose window is still open. A store that can be
 * unreachable (`owe`) takes them to claim before its next claim. Returns the number of nonces.
 */
export async function seedReplayFromRecords(store: ReplayStore, records: readonly AuditRecord[], nowMs: number, skewSeconds: number = DEFAULT_SKEW_SECONDS): Promise<number> {
  const now = Math.floor(nowMs / 1000)
  let claimed = 0
  for (const r of records) {
    if (!spentNonce(r)) continue
    await claimApproval(store, r, now, skewSeconds)
    const { nonce, created, expires } = r
    if (typeof nonce !== 'string' || typeof created !== 'number' || typeof expires !== 'number') continue
    if (now > expires + skewSeconds) continue
    const ms = replayHoldSeconds({ created, expires, nonce, keyid: '', alg: '', tag: '' }, now, skewSeconds) * 1000
    if (store.owe !== undefined) store.owe(nonce, ms)
    else await store.claim(nonce, ms)
    claimed++
  }
  return claimed
}

/** An approval that ran stays used while it could still be presented (docs/binding.md §14.3, 12h): longer than its binding's window. */
async function claimApproval(store: ReplayStore, r: AuditRecord, now: number, skewSeconds: number): Promise<void> {
  const { approvalId, approvalExpires } = r
  if (r.type !== 'execution' || typeof approvalId !== 'string' || typeof approvalExpires !== 'number' || now > approvalExpires + skewSeconds) return
  const hold = (Math.max(1, approvalExpires + skewSeconds - now) + 1) * 1000
  if (store.owe !== undefined) store.owe(`approval:${approvalId}`, hold)
  else await store.claim(`approval:${approvalId}`, hold)
}

/**
 * Every nonce this guard used is in its executed log before the answer that used it (DESIGN
 * invariants 6 and 8). Claiming again each one whose window is still open closes the replay window a
 * restart would otherwise reopen, without refusing fresh calls for `skew` seconds (the restart rule,
 * which stays the fallback when there is no log of an earlier run to read). Returns the number of nonces.
 */
export async function seedReplayFromLog(store: ReplayStore, auditDir: string, nowMs: number, skewSeconds: number = DEFAULT_SKEW_SECONDS): Promise<number> {
  return seedReplayFromRecords(store, await readRecords(auditDir), nowMs, skewSeconds)
}

/**
 * True when `records`, one log in file order, hold an earlier run of this guard that stopped
 * cleanly: a `start` record for this audience, then a `stop`, before the current run's own `start`.
 * A missing, empty or brand-new log proves nothing about what a previous process answered, and
 * neither does a run that ended without `stop`: its log may have failed (a full disk) after it
 * answered refusals it could not record; nor one whose log failed and was taken up again in-process.
 */
export function holdsEarlierRun(records: readonly AuditRecord[], audience: string): boolean {
  // A `start` right after a `resumed` recovery is the same process writing again after a full disk, not a new run.
  const resumed = (i: number): boolean => records[i - 1]?.type === 'recovery' && records[i - 1]?.['resumed'] === true
  const starts = records.flatMap((r, i) => (r.type === 'start' && r.audience === audience && !resumed(i) ? [i] : []))
  if (starts.length < 2) return false
  const previous = starts[starts.length - 2] as number
  const current = starts[starts.length - 1] as number
  const run = records.slice(previous, current)
  // A run whose log failed and came back answered refusals it could not record: it proves nothing either.
  return run.some((r) => r.type === 'stop') && !run.some((r) => r.type === 'recovery' && r['resumed'] === true)
}
