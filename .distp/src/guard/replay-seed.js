import { readRecords } from '../audit/index.js';
import { DEFAULT_SKEW_SECONDS, replayHoldSeconds } from '../binding/index.js';
/**
 * Claims again, from records of the executed log, each accepted nonce whose window is still open.
 * Returns the number of nonces claimed.
 */
export async function seedReplayFromRecords(store, records, nowMs, skewSeconds = DEFAULT_SKEW_SECONDS) {
    const now = Math.floor(nowMs / 1000);
    let claimed = 0;
    for (const r of records) {
        if (r.type !== 'execution' || r.status !== 'accepted')
            continue;
        const { nonce, created, expires } = r;
        if (typeof nonce !== 'string' || typeof created !== 'number' || typeof expires !== 'number')
            continue;
        if (now > expires + skewSeconds)
            continue;
        await store.claim(nonce, replayHoldSeconds({ created, expires, nonce, keyid: '', alg: '', tag: '' }, now, skewSeconds) * 1000);
        claimed++;
    }
    return claimed;
}
/**
 * Every nonce this guard accepted is in its executed log before the tool ran (DESIGN invariant 6).
 * Claiming again each one whose window is still open closes the replay window a restart would
 * otherwise reopen, without refusing fresh calls for `skew` seconds (the restart rule, which stays
 * the fallback when there is no log of an earlier run to read). Returns the number of nonces claimed.
 */
export async function seedReplayFromLog(store, auditDir, nowMs, skewSeconds = DEFAULT_SKEW_SECONDS) {
    return seedReplayFromRecords(store, await readRecords(auditDir), nowMs, skewSeconds);
}
/**
 * True when the log holds an earlier run of this guard: a `start` record for this audience besides
 * the current run's own. A missing, empty or brand-new log proves nothing about what a
 * previous process accepted, so it does not count as a refill.
 */
export function holdsEarlierRun(records, audience) {
    // The current run wrote its own start record when the log opened; an earlier run is a second one.
    return records.filter((r) => r.type === 'start' && r.audience === audience).length >= 2;
}
//# sourceMappingURL=replay-seed.js.map