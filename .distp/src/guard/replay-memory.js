/** @module guard/replay-memory: the default single-process nonce store, bounded, never evicting a live nonce. */
import { VerbatimError } from '../errors/index.js';
/**
 * Nonces in a Map ordered by expiry insertion; expired entries are swept on each claim.
 * When every slot holds a live nonce, a claim throws ERR_GUARD_REPLAY_STORE (fail closed, 503):
 * evicting a live nonce would let its binding be replayed.
 * It forgets everything on restart: pair it with the restart rule (VerifyBindingOptions.startedAt).
 */
export class MemoryReplayStore {
    volatile = true;
    #max;
    #now;
    #until = new Map();
    constructor(options = {}) {
        this.#max = options.maxEntries ?? 100_000;
        this.#now = options.now ?? Date.now;
        if (!Number.isSafeInteger(this.#max) || this.#max < 1)
            throw new VerbatimError('ERR_INTERNAL', 'maxEntries must be a positive integer');
    }
    get size() {
        return this.#until.size;
    }
    async claim(nonce, ttlMs) {
        const now = this.#now();
        const held = this.#until.get(nonce);
        if (held !== undefined && held > now)
            return false;
        if (held !== undefined)
            this.#until.delete(nonce);
        if (this.#until.size >= this.#max)
            this.#sweep(now);
        if (this.#until.size >= this.#max) {
            throw new VerbatimError('ERR_GUARD_REPLAY_STORE', `replay store full: ${this.#max} live nonces`);
        }
        this.#until.set(nonce, now + ttlMs);
        return true;
    }
    #sweep(now) {
        for (const [n, until] of this.#until)
            if (until <= now)
                this.#until.delete(n);
    }
    async close() {
        this.#until.clear();
    }
}
//# sourceMappingURL=replay-memory.js.map