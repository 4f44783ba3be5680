/** @module guard/replay-redis: a nonce store shared by all replicas of an executor (SET NX PX). */
import { createClient } from 'redis';
import { VerbatimError } from '../errors/index.js';
function within(p, ms) {
    let timer;
    const t = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms); });
    return Promise.race([p, t]).finally(() => clearTimeout(timer));
}
/**
 * `SET <prefix><nonce> 1 NX PX <ttl>` is one atomic claim (docs/binding.md §8). Every failure,
 * including a lost connection, is ERR_GUARD_REPLAY_STORE: the guard fails closed (503).
 * Not volatile: nonces survive a guard restart, so the restart rule is not needed.
 */
export class RedisReplayStore {
    volatile = false;
    #client;
    #prefix;
    #timeoutMs;
    #connecting;
    constructor(options) {
        this.#prefix = options.prefix ?? 'verbatim:nonce:';
        const timeout = options.timeoutMs ?? 2000;
        this.#timeoutMs = timeout;
        this.#client = createClient({
            url: options.url,
            // Fail fast rather than queue claims while disconnected.
            disableOfflineQueue: true,
            socket: { connectTimeout: timeout, reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, 2000) },
        });
        this.#client.on('error', () => { }); // surfaced per command as ERR_GUARD_REPLAY_STORE
    }
    /** Connects now (optional: claim connects lazily). The client keeps reconnecting in the background. */
    async connect() {
        if (this.#client.isReady)
            return;
        if (this.#connecting === undefined) {
            this.#connecting = this.#client.connect();
            this.#connecting.catch(() => { this.#connecting = undefined; });
        }
        try {
            await within(this.#connecting, this.#timeoutMs);
        }
        catch (e) {
            throw new VerbatimError('ERR_GUARD_REPLAY_STORE', 'cannot connect to redis', { cause: e });
        }
    }
    async claim(nonce, ttlMs) {
        await this.connect();
        let reply;
        try {
            reply = await within(this.#client.set(this.#prefix + nonce, '1', { condition: 'NX', expiration: { type: 'PX', value: Math.max(1, Math.ceil(ttlMs)) } }), this.#timeoutMs);
        }
        catch (e) {
            throw new VerbatimError('ERR_GUARD_REPLAY_STORE', 'redis claim failed', { cause: e });
        }
        return reply === 'OK';
    }
    async close() {
        if (this.#connecting === undefined && !this.#client.isOpen)
            return;
        try {
            if (!this.#client.isReady)
                throw new Error('not ready');
            await within(this.#client.quit(), this.#timeoutMs);
        }
        catch {
            if (this.#client.isOpen)
                this.#client.destroy();
        }
    }
}
//# sourceMappingURL=replay-redis.js.map