/** @module guard/replay-redis: a nonce store shared by all replicas of an executor (SET NX PX). */
import { createClient } from 'redis'
import { VerbatimError } from '../errors/index.js'
import type { ReplayStore } from './types.js'

export interface RedisReplayStoreOptions {
  /** e.g. redis://127.0.0.1:6379 */
  url: string
  /** Key prefix (default `verbatim:nonce:`). */
  prefix?: string
  /** Per-command and connect timeout (default 2000 ms). */
  timeoutMs?: number
}

type Client = ReturnType<typeof createClient>

function within<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const t = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms) })
  return Promise.race([p, t]).finally(() => clearTimeout(timer))
}

/**
 * `SET <prefix><nonce> 1 NX PX <ttl>` is one atomic claim (docs/binding.md §8). Every failure,
 * including a lost connection, is ERR_GUARD_REPLAY_STORE: the guard fails closed (503).
 * Not volatile: nonces survive a guard restart, so the restart rule is not needed.
 */
export class RedisReplayStore implements ReplayStore {
  readonly volatile = false
  readonly #client: Client
  readonly #prefix: string
  readonly #timeoutMs: number
  #connecting: Promise<unknown> | undefined

  constructor(options: RedisReplayStoreOptions) {
    this.#prefix = options.prefix ?? 'verbatim:nonce:'
    const timeout = options.timeoutMs ?? 2000
    this.#timeoutMs = timeout
    this.#client = createClient({
      url: options.url,
      // Fail fast rather than queue claims while disconnected.
      disableOfflineQueue: true,
      socket: { connectTimeout: timeout, reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, 2000) },
    })
    this.#client.on('error', () => {}) // surfaced per command as ERR_GUARD_REPLAY_STORE
  }

  /** Connects now (optional: claim connects lazily). The client keeps reconnecting in the background. */
  async connect(): Promise<void> {
    if (this.#client.isReady) return
    if (this.#connecting === undefined) {
      this.#connecting = this.#client.connect()
      this.#connecting.catch(() => { this.#connecting = undefined })
    }
    try {
      await within(this.#connecting, this.#timeoutMs)
    } catch (e) {
      throw new VerbatimError('ERR_GUARD_REPLAY_STORE', 'cannot connect to redis', { cause: e })
    }
  }

  async claim(nonce: string, ttlMs: number): Promise<boolean> {
    await this.connect()
    let reply: unknown
    try {
      reply = await within(this.#client.set(this.#prefix + nonce, '1', { condition: 'NX', expiration: { type: 'PX', value: Math.max(1, Math.ceil(ttlMs)) } }), this.#timeoutMs)
    } catch (e) {
      throw new VerbatimError('ERR_GUARD_REPLAY_STORE', 'redis claim failed', { cause: e })
    }
    return reply === 'OK'
  }

  async close(): Promise<void> {
    if (this.#connecting === undefined && !this.#client.isOpen) return
    try {
      if (!this.#client.isReady) throw new Error('not ready')
      await within(this.#client.quit(), this.#timeoutMs)
    } catch {
      if (this.#client.isOpen) this.#client.destroy()
    }
  }
}
