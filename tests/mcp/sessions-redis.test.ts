/**
 * The session table in Redis as several gates share it (issue 21 item 3): one table whatever gate
 * an agent's request reaches, the outstanding-request ledger answered once across gates, uses that
 * lapse with the process that held them, streams cut when another gate ends their session, and a
 * store that does not answer refusing every request (503 ERR_MCP_SESSION_STORE, Retry-After).
 * A redis-server of this test's own, stopped and started again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isVerbatimError } from '../../src/errors/index.js'
import { sharedRedis } from '../../src/gate/mcp/redis.js'
import type { SharedRedis } from '../../src/gate/mcp/redis.js'
import { createRedisSessionStore } from '../../src/gate/mcp/sessions-redis.js'
import type { RedisSessionOptions } from '../../src/gate/mcp/sessions-redis.js'
import { startRedis } from '../helpers/redis-server.js'
import type { RedisServer } from '../helpers/redis-server.js'

const S = (agent: string): { agent: string; server: string; revision: string } => ({ agent, server: 'fs', revision: '2025-11-25' })

let server: RedisServer
const conns: SharedRedis[] = []
const stores: Array<{ close(): void }> = []
let n = 0
beforeAll(async () => {
  server = await startRedis()
})
afterAll(async () => {
  for (const st of stores) st.close()
  for (const c of conns) await c.close()
  await server?.stop()
})

/** Two gates on one table: each its own connection, as two processes have. */
function gates(o: Partial<RedisSessionOptions> = {}, count = 2): Array<ReturnType<typeof createRedisSessionStore>> {
  const prefix = `g${process.pid}-${++n}:`
  return Array.from({ length: count }, () => {
    const redis = sharedRedis({ url: server.url, timeoutMs: 5000 })
    conns.push(redis)
    const st = createRedisSessionStore({ max: 100, maxPerAgent: 10, idleMs: 60_000, random: () => 0, ...o, redis, prefix })
    stores.push(st)
    return st
  })
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

describe('MCP sessions in Redis, shared by gates', () => {
  it("serves a session opened through one gate through another, to its own agent only", async () => {
    const [a, b] = gates()
    expect(await a?.open('s1', S('coder'))).toBe('opened')
    const u = await b?.use('s1', 'coder', 'fs', 'call')
    expect(u?.session).toEqual(S('coder'))
    u?.release()
    expect(await b?.use('s1', 'other', 'fs', 'call')).toBeUndefined()
    expect(await b?.open('s1', S('other'))).toBe('taken')
  })

  it('serves commands sent at once while its first connection is still being made (a federated initialize opens every server\'s session at once)', async () => {
    const [st] = gates({}, 1)
    if (st === undefined) throw new Error('no gate')
    // Before the fix the second command found the socket open but not ready and failed: 503 ERR_MCP_SESSION_STORE.
    const opened = await Promise.all(['s1', 's2', 's3'].map((id) => st.open(id, S('coder')).catch((e: unknown) => (isVerbatimError(e) ? e.code : e))))
    expect(opened).toEqual(['opened', 'opened', 'opened'])
  })

  it('keeps the rest of a session for every gate: URL elicitation declared, a federated session\'s servers', async () => {
    const [g1, g2] = gates()
    if (g1 === undefined || g2 === undefined) throw new Error('no gates')
    expect(await g1.open('rest-1', { ...S('coder'), urlElicitation: true })).toBe('opened')
    expect(await g1.open('rest-2', { ...S('coder'), server: '*', members: { fs: 'm-1', ev: 'm-2' } })).toBe('opened')
    const u1 = await g2.use('rest-1', 'coder', 'fs', 'call')
    const u2 = await g2.use('rest-2', 'coder', '*', 'call')
    // Before the merge kept it, the Redis store dropped urlElicitation: an approval at 2025-11-25 fell back to the plain error.
    expect(u1?.session).toEqual({ ...S('coder'), urlElicitation: true })
    expect(u2?.session).toEqual({ ...S('coder'), server: '*', members: { fs: 'm-1', ev: 'm-2' } })
    u1?.release()
    u2?.release()
  })

  it('takes a request put on the ledger through one gate off it through another, once', async () => {
    const [a, b] = gates()
    await a?.open('s1', S('coder'))
    expect(await a?.expect('s1', 7, 'tools/call')).toBe(true)
    expect(await b?.expect('s1', 7, 'tools/call')).toBe(false)
    // The answer comes back on a stream the other gate relays, and counts once.
    expect(await Promise.all([b?.take('s1', 7), a?.take('s1', 7)])).toEqual(['tools/call', undefined])
    expect(await b?.take('s1', '7')).toBeUndefined()
  })

  it("counts an agent's sessions on every gate against its cap, and evicts only its own", async () => {
    const [a, b] = gates({ maxPerAgent: 2 })
    await a?.open('o1', S('other'))
    await a?.open('c1', S('coder'))
    await b?.open('c2', S('coder'))
    await a?.open('c3', S('coder'))
    const alive = async (id: string, agent: string): Promise<boolean> => {
      const u = await b?.use(id, agent, 'fs', 'call')
      u?.release()
      return u !== undefined
    }
    expect([await alive('o1', 'other'), await alive('c1', 'coder'), await alive('c2', 'coder'), await alive('c3', 'coder')]).toEqual([true, false, true, true])
  })

  it('cuts a stream held by one gate when another ends its session', { timeout: 30_000 }, async () => {
    const [a, b] = gates({ maxPerAgent: 1, leaseMs: 600, renewMs: 50 })
    await a?.open('s1', S('coder'))
    const cut = new Promise<void>((resolve) => void a?.use('s1', 'coder', 'fs', 'stream', resolve))
    // The agent opens another session through the other gate: its stream-only session is its own to end.
    expect(await b?.open('s2', S('coder'))).toBe('opened')
    await cut
  })

  it('lets the uses of a gate that died lapse: its session becomes idle, and expires', async () => {
    const clock = { t: 1_000_000 }
    const [a, b] = gates({ now: () => clock.t, leaseMs: 10_000, idleMs: 60_000, maxPerAgent: 1 })
    await a?.open('s1', S('coder'))
    // A call in flight on gate a, which then dies without releasing it.
    expect(await a?.use('s1', 'coder', 'fs', 'call')).toBeDefined()
    a?.close()
    expect(await codeOf(b?.admit('coder') as Promise<void>)).toMatchObject({ code: 'ERR_MCP_SESSION_QUOTA' })
    clock.t += 10_001
    // The lease lapsed: the session is idle now, the agent's own to end.
    expect(await codeOf(b?.admit('coder') as Promise<void>)).toBeUndefined()
    expect(await b?.use('s1', 'coder', 'fs', 'call')).toBeUndefined()
  })

  it('refuses every request while the store does not answer, and serves again once it does', { timeout: 60_000 }, async () => {
    const own = await startRedis()
    const redis = sharedRedis({ url: own.url, timeoutMs: 300 })
    const s = createRedisSessionStore({ max: 10, maxPerAgent: 10, idleMs: 60_000, redis })
    try {
      expect(await s.open('s1', S('coder'))).toBe('opened')
      await own.stop()
      for (const p of [s.use('s1', 'coder', 'fs', 'call'), s.admit('coder'), s.open('s2', S('coder')), s.expect('s1', 1, 'ping'), s.take('s1', 1)]) {
        const r = await codeOf(p)
        expect(r?.code).toBe('ERR_MCP_SESSION_STORE')
        expect(r?.retryAfter).toBeGreaterThanOrEqual(1)
      }
      await own.restart()
      // This server keeps nothing across a restart: the session is unknown (404 at the gate), never another's.
      for (;;) {
        const r = await codeOf(s.admit('coder'))
        if (r === undefined) break
        expect(r.code).toBe('ERR_MCP_SESSION_STORE')
        await new Promise((res) => setTimeout(res, 50))
      }
      expect(await s.use('s1', 'coder', 'fs', 'call')).toBeUndefined()
      expect(await s.open('s1', S('coder'))).toBe('opened')
    } finally {
      s.close()
      await redis.close()
      await own.stop()
    }
  })
})
