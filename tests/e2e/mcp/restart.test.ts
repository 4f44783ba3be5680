/**
 * A gate restarted under a connected agent (issue 21 item 3). The official TypeScript SDK client
 * does not initialize again on 404: with the sessions in the gate's memory its every call fails
 * after a restart, until the agent process restarts; with them in Redis (mcp.sessions.store) its
 * next call succeeds. A store that does not answer refuses MCP requests (503 ERR_MCP_SESSION_STORE,
 * Retry-After) and nothing else. A redis-server of this test's own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import { MCP_TOKEN, startMcpStack } from '../../helpers/mcp-stack.js'
import type { McpStack } from '../../helpers/mcp-stack.js'
import { startRogue } from '../../helpers/mcp-rogue.js'
import type { Rogue } from '../../helpers/mcp-rogue.js'
import { startRedis } from '../../helpers/redis-server.js'
import type { RedisServer } from '../../helpers/redis-server.js'

const POLICY = 'rules:\n  - { id: echo, effect: allow, agents: [coder], tools: ["mcp:rogue/tools/call/echo"] }\n'

let rogue: Rogue
let redis: RedisServer
const stacks: McpStack[] = []

beforeAll(async () => {
  rogue = await startRogue()
  redis = await startRedis()
})
afterAll(async () => {
  for (const s of stacks) await s.close().catch(() => undefined)
  await rogue?.close()
  await redis?.stop()
})

async function stack(store: unknown): Promise<McpStack> {
  const s = await startMcpStack({ server: 'rogue', executor: { mcp: { http: rogue.url } }, policy: POLICY, sessions: { store } })
  stacks.push(s)
  return s
}

const echo = { name: 'echo', arguments: { message: 'after the restart' } }

describe('a gate restarted under a connected SDK client', () => {
  it('keeps the session when the sessions are in Redis: the next call succeeds', { timeout: 60_000 }, async () => {
    const s = await stack({ redis: redis.url, prefix: `restart-${process.pid}:` })
    const { client, transport } = await s.connect()
    expect((await client.listTools()).tools.map((t) => t.name)).toEqual(['echo'])
    const sid = transport.sessionId
    await s.restartGate()
    const r = await client.callTool(echo)
    expect(r.content).toEqual([{ type: 'text', text: 'Echo: after the restart' }])
    expect(transport.sessionId).toBe(sid)
    // The new gate recorded the call in that very session.
    const calls = (await s.approved()).filter((x) => x.type === 'decision' && x.tool === 'mcp:rogue/tools/call/echo')
    expect(calls.map((x) => [x.session, x.verdict])).toEqual([[sid, 'allow']])
  })

  it('loses it when they are in memory: every call is 404 ERR_MCP_SESSION, and the SDK does not recover', { timeout: 60_000 }, async () => {
    const s = await stack('memory')
    const { client } = await s.connect()
    await client.listTools()
    await s.restartGate()
    for (let i = 0; i < 2; i++) {
      const e = await client.callTool(echo).catch((x: unknown) => x)
      expect(e).toBeInstanceOf(StreamableHTTPError)
      expect((e as StreamableHTTPError).code).toBe(404)
      expect((e as Error).message).toContain('ERR_MCP_SESSION')
    }
  })

  it('refuses MCP requests with 503 ERR_MCP_SESSION_STORE and Retry-After while Redis does not answer, and serves again after', { timeout: 60_000 }, async () => {
    const own = await startRedis()
    try {
      const s = await stack({ redis: own.url, prefix: 'down:', timeoutMs: 300 })
      const { client } = await s.connect()
      await client.listTools()
      await own.stop()
      const e = await client.callTool(echo).catch((x: unknown) => x)
      expect(e).toBeInstanceOf(StreamableHTTPError)
      expect((e as StreamableHTTPError).code).toBe(503)
      expect((e as Error).message).toContain('ERR_MCP_SESSION_STORE')
      const raw = await fetch(s.endpoint, {
        method: 'POST',
        headers: { authorization: `Bearer ${MCP_TOKEN}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } }),
      })
      expect([raw.status, ((await raw.json()) as { code: string }).code]).toEqual([503, 'ERR_MCP_SESSION_STORE'])
      expect(Number(raw.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
      // Nothing reached the server while the store was away; the refusals are audited.
      expect((await s.approved()).filter((x) => x.type === 'decision' && x.code === 'ERR_MCP_SESSION_STORE').length).toBeGreaterThanOrEqual(2)
      await own.restart()
      // This store kept nothing across its restart: the old session is unknown; a new one works.
      for (;;) {
        const st = await s.connect().then(async (c) => (await c.client.callTool(echo), 'ok'), (x: unknown) => (x as StreamableHTTPError).code)
        if (st === 'ok') break
        expect(st).toBe(503)
        await new Promise((r) => setTimeout(r, 100))
      }
    } finally {
      await own.stop()
    }
  })
})
