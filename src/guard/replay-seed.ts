/** @module guard/replay-seed: refill an in-memory replay store from the executed log after a restart. */
import { readRecords } from '../audit/index.js'
import { DEFAULT_SKEW_SECONDS, replayHoldSeconds } from '../binding/index.js'
import type { ReplayStore } from './types.js'

/**
 * Every nonce this guard accepted is in its executed log before the tool ran (DESIGN invariant 6).
 * Claiming again each one whose window is still open closes the replay window a restart would
 * otherwise reopen, without refusing fresh calls for `skew` seconds (the restart rule, which stays
 * the fallback when there is no log to read). Returns the number of nonces claimed.
 */
export async function seedReplayFromLog(store: ReplayStore, auditDir: string, nowMs: number, skewSeconds: number = DEFAULT_SKEW_SECONDS): Promise<number> {
  const now = Math.floor(nowMs / 1000)
  let claimed = 0
  for (const r of await readRecords(auditDir)) {
    if (r.type !== 'execution' || r.status !== 'accepted') continue
    const { nonce, created, expires } = r
    if (typeof nonce !== 'string' || typeof created !== 'number' || typeof expires !== 'number') continue
    if (now > expires + skewSeconds) continue
    await store.claim(nonce, replayHoldSeconds({ created, expires, nonce, keyid: '', alg: '', tag: '' }, now, skewSeconds) * 1000)
    claimed++
  }
  return claimed
}
