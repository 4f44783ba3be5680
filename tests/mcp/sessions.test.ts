/**
 * The MCP session table's rules, held by both stores alike: the in-memory one of one process, and
 * the one in Redis (a redis-server of this test's own) that several gates share (issue 21 item 3).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isVerbatimError } from '../../src/errors/index.js'
import { sharedRedis } from '../../src/gate/mcp/redis.js'
import type { SharedRedis } from '../../src/gate/mcp/redis.js'
import { createMcpSessionStore } from '../../src/gate/mcp/sessions.js'
import type { McpSessionLimits, McpSessionStore } from '../../src/gate/mcp/sessions.js'
import { createRedisSessionStore } from '../../src/gate/mcp/sessions-redis.js'
import { startRedis } from '../helpers/redis-server.js'
import type { RedisServer } from '../helpers/redis-server.js'

const S = (agent: string): { agent: string; server: string; revision: string } => ({ agent, server: 'fs', revision: '2025-11-25' })

let server: RedisServer
let redis: SharedRedis
let n = 0
beforeAll(async () => {
  server = await startRedis()
  redis = sharedRedis({ url: server.url, timeoutMs: 5000 })
})
afterAll(async () => {
  await redis?.close()
  await server?.stop()
})

const STORES: ReadonlyArray<readonly [string, (l: McpSessionLimits) => McpSessionStore]> = [
  ['in memory', (l) => createMcpSessionStore(l)],
  // Each store its own prefix: one redis-server serves every test.
  ['in Redis', (l) => createRedisSessionStore({ ...l, redis, prefix: `t${++n}:` })],
]

for (const [kind, make] of STORES) {
  function store(limits: { max?: number; maxPerAgent?: number; idleMs?: number; maxPending?: number } = {}): { s: McpSessionStore; clock: { t: number } } {
    const clock = { t: 1_000_000 }
    const s = make({ max: 100, maxPerAgent: 10, idleMs: 60_000, ...limits, now: () => clock.t, random: () => 0 })
    return { s, clock }
  }

  async function codeOf(p: Promise<unknown>): Promise<{ code: string; retryAfter: unknown } | undefined> {
    try {
      await p
      return undefined
    } catch (e) {
      if (!isVerbatimError(e)) throw e
      return { code: e.code, retryAfter: e.detail?.['retryAfter'] }
    }
  }

  const alive = async (s: McpSessionStore, id: string, agent: string): Promise<boolean> => {
    const u = await s.use(id, agent, 'fs', 'call')
    u?.release()
    return u !== undefined
  }

  describe(`MCP session store ${kind}`, () => {
    it("binds a session to its agent and server; another agent's use of it finds nothing", async () => {
      const { s } = store()
      expect(await s.open('a', S('coder'))).toBe('opened')
      expect(await alive(s, 'a', 'coder')).toBe(true)
      expect(await s.use('a', 'other', 'fs', 'call')).toBeUndefined()
      expect(await s.use('a', 'coder', 'other-server', 'call')).toBeUndefined()
    })

    it('refuses an id already in the table, and keeps it with its holder', async () => {
      const { s } = store()
      await s.open('a', S('coder'))
      expect(await s.open('a', S('other'))).toBe('taken')
      expect(await s.open('a', S('coder'))).toBe('taken')
      expect(await alive(s, 'a', 'coder')).toBe(true)
    })

    it("at an agent's cap, ends its own least recently used session, never another agent's", async () => {
      const { s, clock } = store({ maxPerAgent: 2 })
      await s.open('coder-1', S('coder'))
      for (let i = 0; i < 5; i++) {
        clock.t += 1
        await s.open(`other-${i}`, S('other'))
      }
      expect(await alive(s, 'coder-1', 'coder')).toBe(true)
      expect(await Promise.all([0, 1, 2, 3, 4].map((i) => alive(s, `other-${i}`, 'other')))).toEqual([false, false, false, true, true])
      expect(await s.count()).toBe(3)
    })

    it('passes over a session with a call in flight, and refuses with 429 when every one has one', async () => {
      const { s } = store({ maxPerAgent: 2 })
      await s.open('a', S('coder'))
      await s.open('b', S('coder'))
      const ua = await s.use('a', 'coder', 'fs', 'call')
      await s.open('c', S('coder')) // b was idle: it goes, a stays
      expect(await alive(s, 'b', 'coder')).toBe(false)
      const uc = await s.use('c', 'coder', 'fs', 'call')
      expect(await codeOf(s.admit('coder'))).toEqual({ code: 'ERR_MCP_SESSION_QUOTA', retryAfter: 1 })
      expect(await codeOf(s.open('d', S('coder')))).toMatchObject({ code: 'ERR_MCP_SESSION_QUOTA' })
      ua?.release()
      uc?.release()
      expect(await s.open('d', S('coder'))).toBe('opened')
    })

    it('ends a session with only a stream open when its agent needs room, and tells the stream', async () => {
      const { s } = store({ maxPerAgent: 1 })
      await s.open('a', S('coder'))
      let ended = 0
      await s.use('a', 'coder', 'fs', 'stream', () => ended++)
      expect(await s.open('b', S('coder'))).toBe('opened')
      expect(ended).toBe(1)
      expect(await alive(s, 'a', 'coder')).toBe(false)
    })

    it("refuses with 503 when the table is full and none is the agent's own, and says when one will expire", async () => {
      const { s, clock } = store({ max: 2, maxPerAgent: 5, idleMs: 60_000 })
      await s.open('a', S('coder'))
      clock.t += 10_000
      await s.open('b', S('coder'))
      expect(await codeOf(s.admit('other'))).toEqual({ code: 'ERR_MCP_SESSIONS_FULL', retryAfter: 50 })
      expect(await codeOf(s.open('c', S('other')))).toMatchObject({ code: 'ERR_MCP_SESSIONS_FULL' })
      expect([await alive(s, 'a', 'coder'), await alive(s, 'b', 'coder')]).toEqual([true, true])
      // The agent that fills the table makes room out of its own sessions.
      expect(await s.open('c', S('coder'))).toBe('opened')
      expect(await s.count()).toBe(2)
    })

    it('expires a session idle for idleMs on the injected clock, and not one a stream or a call holds', async () => {
      const { s, clock } = store({ idleMs: 60_000 })
      await s.open('idle', S('coder'))
      await s.open('streaming', S('coder'))
      await s.open('calling', S('coder'))
      const stream = await s.use('streaming', 'coder', 'fs', 'stream')
      const call = await s.use('calling', 'coder', 'fs', 'call')
      clock.t += 59_999
      expect(await alive(s, 'idle', 'coder')).toBe(true) // a use resets its clock
      clock.t += 60_000
      expect(await alive(s, 'idle', 'coder')).toBe(false)
      clock.t += 10 * 60_000
      stream?.release()
      call?.release()
      // Released now: idle from this moment on.
      expect([await alive(s, 'streaming', 'coder'), await alive(s, 'calling', 'coder')]).toEqual([true, true])
      clock.t += 60_000
      await s.admit('coder') // a sweep
      expect(await s.count()).toBe(0)
    })

    it('matches an answer to an outstanding request by JSON type and value, once', async () => {
      const { s } = store()
      await s.open('a', S('coder'))
      expect(await s.expect('a', 2, 'tools/list')).toBe(true)
      expect(await s.expect('a', 2, 'tools/call')).toBe(false)
      expect(await s.expect('a', '2', 'ping')).toBe(true)
      expect(await s.take('a', '2')).toBe('ping')
      expect(await s.take('a', 2)).toBe('tools/list')
      expect(await s.take('a', 2)).toBeUndefined()
      expect(await s.take('nope', 2)).toBeUndefined()
    })

    it('remembers at most maxPending outstanding requests per session, forgetting the oldest', async () => {
      const { s } = store({ maxPending: 3 })
      await s.open('a', S('coder'))
      for (const id of [1, 2, 3, 4]) await s.expect('a', id, 'ping')
      expect(await Promise.all([1, 2, 3, 4].map((id) => s.take('a', id)))).toEqual([undefined, 'ping', 'ping', 'ping'])
    })
  })
}
