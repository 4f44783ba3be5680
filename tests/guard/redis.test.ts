import { randomBytes } from 'node:crypto'
import { afterAll, describe, expect, it } from 'vitest'
import { RedisReplayStore, verifyBinding } from '../../src/guard/index.js'
import { options, request, sign } from './helpers.js'

const url = process.env.VERBATIM_TEST_REDIS_URL
if (url === undefined) {
  console.warn('SKIPPED: the Redis replay-store tests need VERBATIM_TEST_REDIS_URL (set by .ci/run, e.g. redis://127.0.0.1:6399)')
}

describe.skipIf(url === undefined)('RedisReplayStore against a real redis-server', () => {
  const prefix = `verbatim:test:${randomBytes(6).toString('hex')}:`
  const a = new RedisReplayStore({ url: url ?? '', prefix })
  const b = new RedisReplayStore({ url: url ?? '', prefix })
  afterAll(async () => {
    await a.close()
    await b.close()
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
