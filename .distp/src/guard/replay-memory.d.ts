import type { ReplayStore } from './types.js';
export interface MemoryReplayStoreOptions {
    /** Most nonces held at once (default 100 000). Full of live nonces: claims fail closed. */
    maxEntries?: number;
    /** Clock in milliseconds (default Date.now), injected for tests. */
    now?: () => number;
}
/**
 * Nonces in a Map ordered by expiry insertion; expired entries are swept on each claim.
 * When every slot holds a live nonce, a claim throws ERR_GUARD_REPLAY_STORE (fail closed, 503):
 * evicting a live nonce would let its binding be replayed.
 * It forgets everything on restart: pair it with the restart rule (VerifyBindingOptions.startedAt).
 */
export declare class MemoryReplayStore implements ReplayStore {
    #private;
    readonly volatile = true;
    constructor(options?: MemoryReplayStoreOptions);
    get size(): number;
    claim(nonce: string, ttlMs: number): Promise<boolean>;
    close(): Promise<void>;
}
