/** @module guard/replay-redis: a nonce store shared by all replicas of an executor, that knows when it lost its data. */
import { createHash, randomBytes } from 'node:crypto'
import { createClient } from 'redis'
import { VerbatimError } from '../errors/index.js'
import { CLAIM_SCRIPT, EPOCH_SCRIPT, parseEpoch } from './replay-redis-epoch.js'
import type { Epoch } from './replay-redis-epoch.js'
import type { ReplayStore } from './types.js'

export interface RedisReplayStoreOptions {
  /** e.g. redis://127.0.0.1:6379 */
  url: string
  /** Key prefix (default `verbatim:nonce:`); the epoch is `<prefix>@epoch`. */
  prefix?: string
  /** Per-command and connect timeout (default 2000 ms). */
  timeoutMs?: number
  /** How often an idle store reads its epoch, so /readyz reports a loss (default 1000 ms; 0: only on connect and claims). */
  checkIntervalMs?: number
  /** Clock in milliseconds (default Date.now), injected for tests. */
  now?: () => number
  /** Called when the store learns, after the first epoch it read, that it lost its data (unix seconds of the loss). */
  onLoss?: (lostAt: number) => void
}

type Client = ReturnType<typeof createClient>

function within<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const t = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms) })
  return Promise.race([p, t]).finally(() => clearTimeout(timer))
}

const sha1 = (text: string): string => createHash('sha1').update(text).digest('hex')
const SCRIPTS = { claim: { text: CLAIM_SCRIPT, sha: sha1(CLAIM_SCRIPT) }, epoch: { text: EPOCH_SCRIPT, sha: sha1(EPOCH_SCRIPT) } }

const storeError = (what: string, cause: unknown): VerbatimError => {
  const why = cause instanceof Error && cause.message.includes('VERBATIM_EVICTS') ? `: ${cause.message.replace(/^.*VERBATIM_EVICTS /, '')}` : ''
  return new VerbatimError('ERR_GUARD_REPLAY_STORE', `redis ${what} failed${why}`, { cause })
}

/**
 * Each claim is one Lua script: `SET <prefix><nonce> 1 NX PX <ttl>` only if the store's epoch is
 * the one this guard verified, on the server it names (docs/binding.md §8). A store that restarted,
 * was flushed or failed over shows another epoch or none: the guard adopts the new one (or writes it,
 * dated now) and `lostAt` moves, so the restart rule refuses every binding created up to the loss +
 * skew. No claim is accepted on a store whose epoch was not checked in the same atomic step.
 * Every failure, including a lost connection, is ERR_GUARD_REPLAY_STORE (503, fail closed), and the
 * nonce is owed: claimed before the next claim, since its refusal spent it.
 */
export class RedisReplayStore implements ReplayStore {
  readonly volatile = false
  readonly #client: Client
  readonly #prefix: string
  readonly #epochKey: string
  readonly #timeoutMs: number
  readonly #checkMs: number
  readonly #now: () => number
  readonly #onLoss: (lostAt: number) => void
  #connecting: Promise<unknown> | undefined
  #epoch: Epoch | undefined
  /** A claim found `#epoch` no longer in force: read it again before the next claim. */
  #stale = false
  #lostAt: number | undefined
  #reading: Promise<Epoch> | undefined
  #timer: NodeJS.Timeout | undefined
  /** Nonces answered but not claimed (the store failed): nonce → until (ms). */
  readonly #owed = new Map<string, number>()

  constructor(options: RedisReplayStoreOptions) {
    this.#prefix = options.prefix ?? 'verbatim:nonce:'
    this.#epochKey = `${this.#prefix}@epoch`
    const timeout = options.timeoutMs ?? 2000
    this.#timeoutMs = timeout
    this.#checkMs = options.checkIntervalMs ?? 1000
    this.#now = options.now ?? Date.now
    this.#onLoss = options.onLoss ?? (() => {})
    this.#client = createClient({
      url: options.url,
      // Fail fast rather than queue claims while disconnected.
      disableOfflineQueue: true,
      socket: { connectTimeout: timeout, reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, 2000) },
    })
    this.#client.on('error', () => {}) // surfaced per command as ERR_GUARD_REPLAY_STORE
    // A new connection may be to another server: read the epoch at once (claims check it anyway).
    this.#client.on('ready', () => void this.check().catch(() => undefined))
  }

  /** Unix seconds of the last loss this store knows of (its first use counts: nothing vouches for before it). */
  get lostAt(): number | undefined {
    return this.#lostAt
  }

  /** Connects now (optional: claim connects lazily). The client keeps reconnecting in the background. */
  async connect(): Promise<void> {
    if (this.#client.isReady) return
    if (this.#timer === undefined && this.#checkMs > 0) {
      this.#timer = setInterval(() => void (this.#client.isReady ? this.check().catch(() => undefined) : undefined), this.#checkMs).unref()
    }
    // Reconnecting in the background: wait for it, as for a first connect.
    let stop = (): void => undefined
    const ready = this.#client.isOpen
      ? new Promise<void>((resolve) => {
        const on = (): void => resolve()
        this.#client.once('ready', on)
        stop = () => void this.#client.off('ready', on)
      })
      : (this.#connecting ??= this.#client.connect().catch((e: unknown) => {
        this.#connecting = undefined
        throw e
      }))
    try {
      await within(ready, this.#timeoutMs)
    } catch (e) {
      throw new VerbatimError('ERR_GUARD_REPLAY_STORE', 'cannot connect to redis', { cause: e })
    } finally {
      stop()
    }
  }

  /** Reads the store's epoch now (writing one, dated now, if it has none on this server); resolves with `lostAt`. */
  async check(): Promise<number> {
    await this.connect()
    return (await this.#readEpoch()).lostAt
  }

  async claim(nonce: string, ttlMs: number): Promise<boolean> {
    try {
      await this.connect()
      await this.#payOwed()
      return await this.#claim(nonce, Math.max(1, Math.ceil(ttlMs)))
    } catch (e) {
      this.owe(nonce, ttlMs)
      throw e
    }
  }

  /** A nonce to claim before the next claim: a refusal the store could not take, or one from the executed log. */
  owe(nonce: string, ttlMs: number): void {
    const now = this.#now()
    // While the store is away the list only grows: drop what expired (the window check refuses it now).
    if (this.#owed.size >= 4096 && (this.#owed.size & 1023) === 0) for (const [n, until] of this.#owed) if (until <= now) this.#owed.delete(n)
    const until = now + ttlMs
    if ((this.#owed.get(nonce) ?? 0) < until) this.#owed.set(nonce, until)
  }

  async #claim(nonce: string, ttlMs: number): Promise<boolean> {
    // A read already in flight may still return the epoch that just failed, hence a few attempts;
    // more would be several losses in a few milliseconds: fail closed.
    for (let attempt = 0; attempt < 4; attempt++) {
      const epoch = this.#epoch === undefined || this.#stale ? await this.#readEpoch() : this.#epoch
      const reply = await this.#run('claim', [this.#epochKey, this.#prefix + nonce], [epoch.raw, String(ttlMs)])
      if (reply === 1) return true
      if (reply === 0) return false
      if (this.#epoch === epoch) this.#stale = true
    }
    throw new VerbatimError('ERR_GUARD_REPLAY_STORE', 'the replay store changed its epoch during one claim')
  }

  /** EVALSHA, or EVAL once when the server does not have the script yet (a new or flushed server). */
  async #run(name: keyof typeof SCRIPTS, keys: string[], args: string[]): Promise<unknown> {
    const s = SCRIPTS[name]
    try {
      try {
        return await within(this.#client.evalSha(s.sha, { keys, arguments: args }), this.#timeoutMs)
      } catch (e) {
        if (!(e instanceof Error) || !e.message.startsWith('NOSCRIPT')) throw e
        return await within(this.#client.eval(s.text, { keys, arguments: args }), this.#timeoutMs)
      }
    } catch (e) {
      throw storeError(name, e)
    }
  }

  /** Claims what is owed, a few at a time; what fails stays owed. */
  async #payOwed(): Promise<void> {
    const due = [...this.#owed]
    for (let i = 0; i < due.length; i += 64) {
      const now = this.#now()
      await Promise.all(due.slice(i, i + 64).map(async ([nonce, until]) => {
        if (until > now) await this.#claim(nonce, Math.ceil(until - now))
        if (this.#owed.get(nonce) === until) this.#owed.delete(nonce)
      }))
    }
  }

  /** One read of the epoch at a time; a new epoch moves `lostAt` forward (never back) and is reported. */
  #readEpoch(): Promise<Epoch> {
    this.#reading ??= (async () => {
      const raw = await this.#run('epoch', [this.#epochKey], [String(Math.floor(this.#now() / 1000)), randomBytes(16).toString('hex')])
      const epoch = parseEpoch(raw)
      if (epoch === undefined) throw new VerbatimError('ERR_GUARD_REPLAY_STORE', `the replay store's epoch key ${this.#epochKey} holds something else`)
      const known = this.#lostAt
      const changed = this.#epoch !== undefined && this.#epoch.raw !== epoch.raw
      this.#epoch = epoch
      this.#stale = false
      this.#lostAt = Math.max(known ?? epoch.lostAt, epoch.lostAt)
      if (changed || (known !== undefined && this.#lostAt > known)) this.#onLoss(this.#lostAt)
      return epoch
    })().finally(() => {
      this.#reading = undefined
    })
    return this.#reading
  }

  async close(): Promise<void> {
    clearInterval(this.#timer)
    if (this.#connecting === undefined && !this.#client.isOpen) return
    try {
      if (!this.#client.isReady) throw new Error('not ready')
      await within(this.#client.quit(), this.#timeoutMs)
    } catch {
      if (this.#client.isOpen) this.#client.destroy()
    }
  }
}
