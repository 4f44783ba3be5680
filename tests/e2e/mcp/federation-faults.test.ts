/**
 * The federated endpoint attacked and broken: raw bytes on a socket (a batch, duplicate keys, a session
 * of one endpoint on another, a response to nothing a server sent, other spellings of /mcp), one server
 * down while the other is up, and the gate restarted under a federated session kept in Redis. Two
 * server-everything instances (a and b), each behind its own guard.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { McpError } from '@modelcontextprotocol/sdk/types.js'
import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import { MCP_TOKEN, OTHER_TOKEN, startEverything } from '../../helpers/mcp-stack.js'
import { startFederatedStack } from '../../helpers/mcp-federation.js'
import type { FederatedStack } from '../../helpers/mcp-federation.js'
import { hangGuard, openRawGet, rawGetHead, rawMcpSession } from '../../helpers/mcp-raw.js'
import { parseResponses, rawExchange } from '../../helpers/raw-http.js'
import { startRedis } from '../../helpers/redis-server.js'
import type { RedisServer } from '../../helpers/redis-server.js'

const POLICY = `rules:
  - id: echo
    effect: allow
    agents: [coder]
    tools: ["mcp:a/tools/call/echo", "mcp:b/tools/call/echo"]
`

type Everything = Awaited<ReturnType<typeof startEverything>>
let a: Everything
let b: Everything
let redis: RedisServer
const stacks: FederatedStack[] = []

beforeAll(async () => {
  ;[a, b, redis] = await Promise.all([startEverything(), startEverything(), startRedis()])
})
afterAll(async () => {
  for (const s of stacks) await s.close().catch(() => undefined)
  await Promise.all([a?.stop(), b?.stop(), redis?.stop()])
})

async function stack(sessions?: Record<string, unknown>): Promise<FederatedStack> {
  const s = await startFederatedStack({
    members: [{ name: 'a', executor: { mcp: { http: a.url } } }, { name: 'b', executor: { mcp: { http: b.url } } }],
    policy: POLICY, ...(sessions === undefined ? {} : { sessions }),
  })
  stacks.push(s)
  return s
}

const echo = (server: string, message: string): { name: string; arguments: Record<string, string> } => ({ name: `${server}__echo`, arguments: { message } })
/** tools/call executions on one server's guard. */
const ran = async (s: FederatedStack, server: string): Promise<number> =>
  (await s.executed(server)).filter((r) => r.type === 'execution' && String(r.tool).includes('/tools/call/')).length

/** One POST of exact bytes on a fresh socket. */
async function rawPost(s: FederatedStack, target: string, body: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const port = s.gate.port
  const h = { host: `127.0.0.1:${port}`, authorization: `Bearer ${MCP_TOKEN}`, accept: 'application/json, text/event-stream', 'content-type': 'application/json', ...headers }
  const head = Object.entries(h).map(([k, v]) => `${k}: ${v}\r\n`).join('')
  const { out } = await rawExchange(port, `POST ${target} HTTP/1.1\r\n${head}content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`)
  const r = parseResponses(out)[0]
  return { status: r?.status ?? 0, body: r?.body ?? out }
}

describe('the federated endpoint on a raw socket', () => {
  let s: FederatedStack
  let sid: string
  beforeAll(async () => {
    s = await stack()
    const raw = rawMcpSession(s.endpoint, MCP_TOKEN)
    expect((await raw.post(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } }))).status).toBe(200)
    sid = raw.sessionId as string
  })
  const session = (): Record<string, string> => ({ 'mcp-session-id': sid, 'mcp-protocol-version': '2025-11-25' })

  it('refuses each crafted message with its code; nothing runs on either server', async () => {
    const before = [await ran(s, 'a'), await ran(s, 'b')]
    const cases: Array<[string, string, string, Record<string, string>, number, string]> = [
      ['a batch naming both servers', '/mcp', JSON.stringify([{ jsonrpc: '2.0', id: 1, method: 'tools/call', params: echo('a', 'x') }, { jsonrpc: '2.0', id: 2, method: 'tools/call', params: echo('b', 'x') }]), session(), 400, 'ERR_MCP_BATCH'],
      ['duplicate name keys, one per server', '/mcp', '{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"a__echo","name":"b__echo","arguments":{"message":"x"}}}', session(), 400, 'ERR_CANONICAL_DUPLICATE_KEY'],
      ['no session', '/mcp', JSON.stringify({ jsonrpc: '2.0', id: 4, method: 'tools/call', params: echo('a', 'x') }), {}, 404, 'ERR_MCP_SESSION'],
      ['the federated session on one server\'s own endpoint', '/mcp/a', JSON.stringify({ jsonrpc: '2.0', id: 5, method: 'tools/call', params: { name: 'echo', arguments: { message: 'x' } } }), session(), 404, 'ERR_MCP_SESSION'],
      // A client's response passes without a decision, as on /mcp/b: to b only, where it answers nothing and runs nothing.
      ['a response to a request server b never sent', '/mcp', JSON.stringify({ jsonrpc: '2.0', id: 'b__n:99', result: {} }), session(), 202, ''],
      ['a response whose id names no server', '/mcp', JSON.stringify({ jsonrpc: '2.0', id: 'n:99', result: {} }), session(), 400, 'ERR_MCP_UNROUTABLE'],
      // Before: -32602 ERR_MCP_UNROUTABLE, the endpoint answered a page of another origin before the servers' Origin checks.
      ['a page of another origin, with a name no server carries', '/mcp', JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'tools/call', params: { name: 'nope', arguments: {} } }), { ...session(), origin: 'http://evil.example' }, 403, 'ERR_MCP_ORIGIN'],
      ['a Host no server allows', '/mcp', JSON.stringify({ jsonrpc: '2.0', id: 10, method: 'tools/list' }), { ...session(), host: 'evil.example' }, 403, 'ERR_MCP_ORIGIN'],
      ['another agent with this agent\'s federated session', '/mcp', JSON.stringify({ jsonrpc: '2.0', id: 11, method: 'tools/call', params: echo('a', 'x') }), { ...session(), authorization: `Bearer ${OTHER_TOKEN}` }, 404, 'ERR_MCP_SESSION'],
      ['/mcp with a query', '/mcp?server=a', JSON.stringify({ jsonrpc: '2.0', id: 6, method: 'tools/call', params: echo('a', 'x') }), session(), 404, 'ERR_GATE_NOT_FOUND'],
      ['/MCP', '/MCP', JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'tools/call', params: echo('a', 'x') }), session(), 404, 'ERR_GATE_NOT_FOUND'],
    ]
    for (const [why, target, body, headers, status, code] of cases) {
      const r = await rawPost(s, target, body, headers)
      if (code === '') {
        expect(r.status, `${why}: ${r.body}`).toBe(status)
        continue
      }
      expect([r.status, (JSON.parse(r.body) as { code?: string }).code], `${why}: ${r.body}`).toEqual([status, code])
    }
    expect([await ran(s, 'a'), await ran(s, 'b')]).toEqual(before)
  })

  it('does not take one server\'s own session on the federated endpoint', async () => {
    const own = rawMcpSession(new URL(`${s.gate.url}/mcp/a`), MCP_TOKEN)
    expect((await own.post(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } }))).status).toBe(200)
    const r = await rawPost(s, '/mcp', JSON.stringify({ jsonrpc: '2.0', id: 8, method: 'tools/call', params: echo('a', 'x') }), { 'mcp-session-id': own.sessionId as string, 'mcp-protocol-version': '2025-11-25' })
    expect([r.status, (JSON.parse(r.body) as { code?: string }).code]).toEqual([404, 'ERR_MCP_SESSION'])
  })
})

describe('one server down while the other is up', () => {
  it('serves the other: its list and calls; the down one\'s call fails alone; a new session leaves it out', { timeout: 60_000 }, async () => {
    const s = await stack()
    const { client } = await s.connect()
    expect((await client.listTools()).tools.map((t) => t.name).filter((n) => n.endsWith('__echo')).sort()).toEqual(['a__echo', 'b__echo'])
    await s.guards.get('b')?.close()
    s.guards.delete('b')
    // The merged list is what answered; the call on the server that is up runs.
    expect((await client.listTools()).tools.map((t) => t.name).filter((n) => n.endsWith('__echo'))).toEqual(['a__echo'])
    expect((await client.callTool(echo('a', 'still up'))).content).toEqual([{ type: 'text', text: 'Echo: still up' }])
    const down = await client.callTool(echo('b', 'down')).catch((e: unknown) => e)
    expect(down).toBeInstanceOf(StreamableHTTPError)
    expect((down as StreamableHTTPError).code).toBe(502)
    expect(String(down)).toContain('ERR_GATE_UPSTREAM_UNAVAILABLE')
    // A session opened now holds only the server that answered its initialize.
    const late = (await s.connect()).client
    expect((await late.listTools()).tools.map((t) => t.name).filter((n) => n.endsWith('__echo'))).toEqual(['a__echo'])
    const out = await late.callTool(echo('b', 'x')).catch((e: unknown) => e)
    expect(out).toBeInstanceOf(McpError)
    expect([(out as McpError).code, ((out as McpError).data as { code: string }).code]).toEqual([-32602, 'ERR_MCP_UNROUTABLE'])
    expect((out as McpError).message).toContain('server b is not part of this session')
  })
})

describe('a gate told to stop under a federated GET stream', () => {
  it('ends the stream at once, and the agent sees it end', { timeout: 60_000 }, async () => {
    const s = await stack()
    const raw = rawMcpSession(s.endpoint, MCP_TOKEN)
    expect((await raw.post(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } }))).status).toBe(200)
    const { head, ended } = await rawGetHead(openRawGet(s.gate.port, '/mcp', MCP_TOKEN, raw.sessionId as string))
    expect(head).toMatch(/^HTTP\/1\.1 200 /)
    // Before: the merged stream was cut without an error, its response never ended, and close waited out its grace (the restart below took 10 s).
    expect(await hangGuard(s.gate.close({ graceMs: 600_000 }))).toBeUndefined()
    expect(await hangGuard(ended)).toBeUndefined()
  })
})

describe('a gate restarted under a federated session kept in Redis', () => {
  it('keeps it: the SDK client\'s next calls reach both servers in the same session', { timeout: 60_000 }, async () => {
    const s = await stack({ store: { redis: redis.url, prefix: 'fed-restart:' } })
    const { client, transport } = await s.connect()
    expect((await client.callTool(echo('a', 'before'))).content).toEqual([{ type: 'text', text: 'Echo: before' }])
    const sid = transport.sessionId
    await s.restartGate()
    expect((await client.callTool(echo('a', 'after'))).content).toEqual([{ type: 'text', text: 'Echo: after' }])
    expect((await client.callTool(echo('b', 'after'))).content).toEqual([{ type: 'text', text: 'Echo: after' }])
    expect(transport.sessionId).toBe(sid)
    expect((await client.listTools()).tools.map((t) => t.name).filter((n) => n.endsWith('__echo')).sort()).toEqual(['a__echo', 'b__echo'])
    // The new gate recorded both calls under the federated session, each under its own server.
    const after = (await s.approved()).filter((x) => x.type === 'decision' && String(x.tool).endsWith('/tools/call/echo')).slice(-2)
    expect(after.map((x) => [x.tool, x.federated, x.verdict])).toEqual([['mcp:a/tools/call/echo', sid, 'allow'], ['mcp:b/tools/call/echo', sid, 'allow']])
  })

  it('keeps a server\'s session alive while the agent calls only the other server (no GET stream open)', { timeout: 60_000 }, async () => {
    const prefix = 'fed-idle:'
    const s = await stack({ store: { redis: redis.url, prefix }, idleSeconds: 60 })
    const raw = rawMcpSession(s.endpoint, MCP_TOKEN)
    expect((await raw.post(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } }))).status).toBe(200)
    const rest = JSON.parse(await redis.cli('HGET', `${prefix}s:${raw.sessionId}`, 'x')) as { members: Record<string, string> }
    const bSid = rest.members['b'] as string
    // b's session last used 59 s ago (idle expiry 60 s): the store's own record, set back on the store's own clock.
    const key = `${prefix}s:${bSid}`
    const setLast = async (ms: number): Promise<void> => {
      await redis.cli('HSET', key, 'last', String(ms))
      await redis.cli('ZADD', `${prefix}all`, String(ms), bSid)
      await redis.cli('ZADD', `${prefix}a:coder`, String(ms), bSid)
    }
    const [sec, usec] = (await redis.cli('TIME')).split(/\s+/).map(Number) as [number, number]
    await setLast(sec * 1000 + Math.floor(usec / 1000) - 59_000)
    // A call to a uses the federated session, and with it every server's under it.
    const a1 = await raw.post(JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: echo('a', 'only a') }))
    expect(a1.messages.at(-1)).toMatchObject({ result: { content: [{ type: 'text', text: 'Echo: only a' }] } })
    // Two more seconds without a call to b.
    await setLast(Number(await redis.cli('HGET', key, 'last')) - 2000)
    // Before: b's session had expired under the live federated session: 404 ERR_MCP_SESSION for every call to b.
    const b1 = await raw.post(JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'tools/call', params: echo('b', 'still here') }))
    expect([b1.status, b1.messages.at(-1)]).toMatchObject([200, { result: { content: [{ type: 'text', text: 'Echo: still here' }] } }])
  })
})
