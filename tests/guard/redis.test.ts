import { randomBytes } from 'node:crypto'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { RedisReplayStore, verifyBinding } from '../../src/guard/index.js'
import { startRedis } from '../helpers/redis-server.js'
import type { RedisServer } from '../helpers/redis-server.js'
import { startTcpSwitch } from '../helpers/tcp-switch.js'
import { freePort } from '../helpers/ports.js'
import { NOW, options, request, sign } from './helpers.js'

const url = process.env.VERBATIM_TEST_REDIS_URL
if (url === undefined) {
  console.warn('SKIPPED: the Redis replay-store tests need VERBATIM_TEST_REDIS_URL (set by .ci/run, e.g. redis://127.0.0.1:6399)')
}

/** The stores' clock: an hour before the signed test bindings, so their first use (a loss, to them) is long over. */
const EARLIER = (): number => (NOW - 3600) * 1000

describe.skipIf(url === undefined)('RedisReplayStore against a real redis-server', () => {
  const prefix = `verbatim:test:${randomBytes(6).toString('hex')}:`
  const a = new RedisReplayStore({ url: url ?? '', prefix, now: EARLIER })
  const b = new RedisReplayStore({ url: url ?? '', prefix, now: EARLIER })
  afterAll(async () => {
    await a.close()
    await b.close()
    // The shared server keeps no epoch of ours (nonces expire on their own).
    await promisify(execFile)('redis-cli', ['-u', url ?? '', 'DEL', `${prefix}@epoch`])
  })

  it('claims a nonce once, across two replicas', async () => {
    expect(await a.claim('n1', 5000)).toBe(true)
    expect(await b.claim('n1', 5000)).toBe(false)
    expect(await a.claim('n1', 5000)).toBe(false)
  })

  it('gives exactly one winner to concurrent claims of one nonce', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).claim('race', 5000)))
    expect(results.filter(Boolean).length).toBe(1)
  })

  it('releases a nonce after its hold time (PX)', async () => {
    expect(await a.claim('short', 50)).toBe(true)
    await new Promise((r) => setTimeout(r, 120))
    expect(await b.claim('short', 50)).toBe(true)
  })

  it('refuses a replay through verifyBinding with ERR_GUARD_REPLAY, seen by another replica', async () => {
    const s = sign()
    await verifyBinding(request(s), s.body, options({ replay: a }))
    await expect(verifyBinding(request(s), s.body, options({ replay: b }))).rejects.toMatchObject({ code: 'ERR_GUARD_REPLAY', status: 403 })
  })

  it('fails closed with ERR_GUARD_REPLAY_STORE when redis cannot be reached', async () => {
    const dead = new RedisReplayStore({ url: 'redis://127.0.0.1:1', timeoutMs: 300 })
    const s = sign()
    await expect(verifyBinding(request(s), s.body, options({ replay: dead }))).rejects.toMatchObject({ code: 'ERR_GUARD_REPLAY_STORE', status: 503 })
    await dead.close()
  })
})

describe('RedisReplayStore: a store that loses its data (its own redis-server)', () => {
  const servers: RedisServer[] = []
  const stores: RedisReplayStore[] = []
  afterAll(async () => {
    for (const s of stores) await s.close()
    for (const r of servers) await r.stop()
  })
  let nowMs = NOW * 1000
  const store = (u: string, losses?: number[]): RedisReplayStore => {
    const s = new RedisReplayStore({ url: u, now: () => nowMs, checkIntervalMs: 0, ...(losses === undefined ? {} : { onLoss: (t: number) => losses.push(t) }) })
    stores.push(s)
    return s
  }
  const redis = async (args?: string[]): Promise<RedisServer> => {
    const r = await startRedis(args)
    servers.push(r)
    return r
  }

  it('dates its first use as a loss: nothing vouches for the nonces of before', async () => {
    const r = await redis()
    const s = store(r.url)
    expect(s.lostAt).toBeUndefined()
    expect(await s.check()).toBe(NOW)
    nowMs += 10_000
    // Read again later, the epoch keeps its date.
    expect(await store(r.url).check()).toBe(NOW)
  })

  it('sees a FLUSHALL in the claim itself, dates the loss, and reports it once', async () => {
    const r = await redis()
    const losses: number[] = []
    const s = store(r.url, losses)
    await s.check()
    expect(await s.claim('before-the-flush-000000', 60_000)).toBe(true)
    expect(await r.cli('FLUSHALL')).toBe('OK')
    nowMs += 7000
    // The nonce is gone, so the claim succeeds; but lostAt moved first, so the verifier refuses.
    expect(await s.claim('before-the-flush-000000', 60_000)).toBe(true)
    expect(s.lostAt).toBe(Math.floor(nowMs / 1000))
    expect(losses).toEqual([Math.floor(nowMs / 1000)])
  })

  it('two stores on one server agree on the time of a loss, whoever sees it first', async () => {
    const r = await redis()
    const first = store(r.url)
    const second = store(r.url)
    await Promise.all([first.check(), second.check()])
    await r.cli('FLUSHALL')
    nowMs += 1000
    const seen = Math.floor(nowMs / 1000)
    await first.check()
    nowMs += 5000
    await second.check()
    expect(first.lostAt).toBe(seen)
    expect(second.lostAt).toBe(seen)
    // Both at once: one new epoch, not two.
    await r.cli('FLUSHALL')
    nowMs += 1000
    const [x, y] = await Promise.all([first.check(), second.check()])
    expect(x).toBe(y)
  })

  it('refuses a server that may evict keys (maxmemory with an eviction policy): nonces could vanish without a sign', async () => {
    const r = await redis(['--save', '', '--appendonly', 'no', '--maxmemory', '64mb', '--maxmemory-policy', 'allkeys-lru'])
    const s = store(r.url)
    await expect(s.check()).rejects.toMatchObject({ code: 'ERR_GUARD_REPLAY_STORE', message: expect.stringMatching(/noeviction/) })
    await expect(s.claim('evictable-nonce-0000000', 1000)).rejects.toMatchObject({ code: 'ERR_GUARD_REPLAY_STORE' })
    await r.cli('CONFIG', 'SET', 'maxmemory-policy', 'noeviction')
    expect(await s.claim('a-later-nonce-000000000', 1000)).toBe(true)
    // The refused claim was owed, and claimed first.
    expect(await s.claim('evictable-nonce-0000000', 1000)).toBe(false)
  })

  it('owes a nonce it could not claim (the server unreachable), and claims it before the next one', async () => {
    const r = await redis()
    const front = await startTcpSwitch(r.port)
    try {
      const s = new RedisReplayStore({ url: `redis://127.0.0.1:${front.port}`, now: () => nowMs, checkIntervalMs: 0, timeoutMs: 300 })
      stores.push(s)
      await s.check()
      // A blip: the same server, with its data, unreachable for a while.
      front.switchTo(await freePort())
      await expect(s.claim('refused-while-away-0000', 60_000)).rejects.toMatchObject({ code: 'ERR_GUARD_REPLAY_STORE' })
      front.switchTo(r.port)
      // The client reconnects on its own schedule: wait for it (bounded), as a guard's next call would.
      for (let i = 0; ; i++) {
        if (await s.check().then(() => true, () => i > 100)) break
      }
      expect(await s.claim('the-next-claim-000000000', 60_000)).toBe(true)
      // The first one was claimed before it: a replay of it is refused.
      expect(await s.claim('refused-while-away-0000', 60_000)).toBe(false)
    } finally {
      await front.close()
    }
  })
})
