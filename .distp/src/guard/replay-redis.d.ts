import type { ReplayStore } from './types.js';
export interface RedisReplayStoreOptions {
    /** e.g. redis://127.0.0.1:6379 */
    url: string;
    /** Key prefix (default `verbatim:nonce:`). */
    prefix?: string;
    /** Per-command and connect timeout (default 2000 ms). */
    timeoutMs?: number;
}
/**
 * `SET <prefix><nonce> 1 NX PX <ttl>` is one atomic claim (docs/binding.md §8). Every failure,
 * including a lost connection, is ERR_GUARD_REPLAY_STORE: the guard fails closed (503).
 * Not volatile: nonces survive a guard restart, so the restart rule is not needed.
 */
export declare class RedisReplayStore implements ReplayStore {
    #private;
    readonly volatile = false;
    constructor(options: RedisReplayStoreOptions);
    /** Connects now (optional: claim connects lazily). The client keeps reconnecting in the background. */
    connect(): Promise<void>;
    claim(nonce: string, ttlMs: number): Promise<boolean>;
    close(): Promise<void>;
}
