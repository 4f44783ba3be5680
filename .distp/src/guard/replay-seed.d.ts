/** @module guard/replay-seed: refill an in-memory replay store from the executed log after a restart. */
import type { AuditRecord } from '../audit/index.js';
import type { ReplayStore } from './types.js';
/**
 * Claims again, from records of the executed log, each accepted nonce whose window is still open.
 * Returns the number of nonces claimed.
 */
export declare function seedReplayFromRecords(store: ReplayStore, records: readonly AuditRecord[], nowMs: number, skewSeconds?: number): Promise<number>;
/**
 * Every nonce this guard accepted is in its executed log before the tool ran (DESIGN invariant 6).
 * Claiming again each one whose window is still open closes the replay window a restart would
 * otherwise reopen, without refusing fresh calls for `skew` seconds (the restart rule, which stays
 * the fallback when there is no log of an earlier run to read). Returns the number of nonces claimed.
 */
export declare function seedReplayFromLog(store: ReplayStore, auditDir: string, nowMs: number, skewSeconds?: number): Promise<number>;
/**
 * True when the log holds an earlier run of this guard: a `start` record for this audience besides
 * the current run's own. A missing, empty or brand-new log proves nothing about what a
 * previous process accepted, so it does not count as a refill.
 */
export declare function holdsEarlierRun(records: readonly AuditRecord[], audience: string): boolean;
