/**
 * What the gate refuses on /mcp/{server} before anything is forwarded: batches, messages that are
 * not JSON-RPC 2.0, routing headers that disagree with the body, foreign Origins and Hosts, another
 * agent's session, revisions the gate does not speak. Each gets its code and status, is audited,
 * and nothing reaches the guard (its executed log has no record of it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MCP_TOKEN, OTHER_TOKEN, startEverything, startMcpStack } from '../../helpers/mcp-stack.js'
import { parseResponses, rawExchange } from '../../helpers/raw-http.js'
import type { McpStack } from '../../helpers/mcp-stack.js'

let ev: Awaited<ReturnType<typeof startEverything>>
let s: McpStack
let sid = ''

const POLICY = 'rules:\n  - { id: all, effect: allow, agents: [coder, other], tools: ["*"] }\n'
const HEADERS = { authorization: `Bearer ${MCP_TOKEN}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' }

beforeAll(async () => {
  ev = await startEverything()
  s = await startMcpStack({ server: 'everything', executor: { mcp: { http: ev.url } }, policy: POLICY })
  const { transport } = await s.connect()
  sid = transport.sessionId ?? ''
})
afterAll(async () => {
  await s?.close()
  await ev?.stop()
})

async function post(body: string, headers: Record<string, string> = {}): Promise<{ status: number; code: string | undefined; decisionId: string | null }> {
  const res = await fetch(s.endpoint, { method: 'POST', headers: { ...HEADERS, 'mcp-session-id': sid, 'mcp-protocol-version': '2025-11-25', ...headers }, body })
  const text = await res.text()
  let code: string | undefined
  try {
    const v = JSON.parse(text) as { code?: string; error?: { data?: { code?: string } } }
    code = v.code ?? v.error?.data?.code
  } catch {
    code = undefined
  }
  return { status: res.status, code, decisionId: res.headers.get('verbatim-decision-id') }
}

async function neverExecuted(decisionId: string | null): Promise<void> {
  expect(decisionId).not.toBeNull()
  const approved = (await s.approved()).filter((r) => r.decisionId === decisionId)
  expect(approved.map((r) => r.type)).toEqual(['decision'])
  expect(approved[0]?.verdict).toBe('reject')
  expect((await s.executed()).filter((r) => r.decisionId === decisionId)).toEqual([])
}

const call = (name: string, id = 1): string => JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: { message: 'x' } } })

describe('MCP refusals at the gate', () => {
  it.each([
    ['a JSON-RPC batch', `[${call('echo')}]`, 'ERR_MCP_BATCH'],
    ['"jsonrpc" missing', '{"id":1,"method":"tools/list"}', 'ERR_MCP_INVALID_MESSAGE'],
    ['"jsonrpc" 1.0', '{"jsonrpc":"1.0","id":1,"method":"tools/list"}', 'ERR_MCP_INVALID_MESSAGE'],
    ['a method that is not a string', '{"jsonrpc":"2.0","id":1,"method":7}', 'ERR_MCP_INVALID_MESSAGE'],
    ['a fractional id', '{"jsonrpc":"2.0","id":1.5,"method":"tools/list"}', 'ERR_MCP_INVALID_MESSAGE'],
    ['a null id', '{"jsonrpc":"2.0","id":null,"method":"tools/list"}', 'ERR_MCP_INVALID_MESSAGE'],
    ['a tools/call without a name', '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{}}', 'ERR_MCP_INVALID_MESSAGE'],
    // Named like another subject (docs/binding.md §13.3): a request "response" would pass as a response, without policy.
    ['a request whose method is response', '{"jsonrpc":"2.0","id":1,"method":"response"}', 'ERR_MCP_INVALID_MESSAGE'],
    ['a method spelled like a call, tools/call/echo', '{"jsonrpc":"2.0","id":1,"method":"tools/call/echo","params":{"message":"x"}}', 'ERR_MCP_INVALID_MESSAGE'],
    ['duplicate keys (two names for one call)', '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","name":"get-env"}}', 'ERR_CANONICAL_DUPLICATE_KEY'],
  ])('refuses %s with 400 %s', async (_n, body, code) => {
    const r = await post(body)
    expect([r.status, r.code]).toEqual([400, code])
    await neverExecuted(r.decisionId)
  })

  it('refuses an Mcp-Method or Mcp-Name header that disagrees with the body', async () => {
    for (const h of [{ 'mcp-method': 'tools/list' }, { 'mcp-name': 'get-env' }, { 'mcp-method': 'tools/call', 'mcp-name': 'Echo' }]) {
      const r = await post(call('echo'), h)
      expect([r.status, r.code]).toEqual([400, 'ERR_MCP_HEADER_MISMATCH'])
      await neverExecuted(r.decisionId)
    }
    const agreeing = await post(call('echo', 2), { 'mcp-method': 'tools/call', 'mcp-name': 'echo' })
    expect(agreeing.status).toBe(200)
  })

  it('refuses a foreign Origin and a rebound Host (DNS rebinding)', async () => {
    const origin = await post(call('echo'), { origin: 'https://evil.example' })
    expect([origin.status, origin.code]).toEqual([403, 'ERR_MCP_ORIGIN'])
    await neverExecuted(origin.decisionId)
    // fetch cannot set Host: exact bytes on a raw socket, as a rebound DNS name would send them.
    const body = call('echo')
    const { out } = await rawExchange(s.gate.port, `POST /mcp/everything HTTP/1.1\r\nHost: evil.example:${s.gate.port}\r\nAuthorization: Bearer ${MCP_TOKEN}\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\nMcp-Session-Id: ${sid}\r\nMCP-Protocol-Version: 2025-11-25\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`)
    const host = parseResponses(out)[0]
    expect([host?.status, (JSON.parse(host?.body ?? '{}') as { code: string }).code]).toEqual([403, 'ERR_MCP_ORIGIN'])
    await neverExecuted(host?.headers['verbatim-decision-id'] ?? null)
  })

  it("refuses another agent's session with 404 ERR_MCP_SESSION", async () => {
    const r = await post(call('echo'), { authorization: `Bearer ${OTHER_TOKEN}` })
    expect([r.status, r.code]).toEqual([404, 'ERR_MCP_SESSION'])
    await neverExecuted(r.decisionId)
  })

  it('refuses an older revision at initialize, and an unknown MCP-Protocol-Version later', async () => {
    const fresh = await fetch(s.endpoint, {
      method: 'POST',
      headers: HEADERS,
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-03-26', capabilities: {}, clientInfo: { name: 'x', version: '1' } } }),
    })
    expect([fresh.status, ((await fresh.json()) as { code: string }).code]).toEqual([400, 'ERR_MCP_PROTOCOL_VERSION'])
    const unknown = await post(call('echo'), { 'mcp-protocol-version': '1999-01-01' })
    expect([unknown.status, unknown.code]).toEqual([400, 'ERR_MCP_PROTOCOL_VERSION'])
    await neverExecuted(unknown.decisionId)
  })

  it("forwards the session's revision whatever older revision the client names, and binds it", async () => {
    for (const h of [{ 'mcp-protocol-version': '2025-03-26' }, { 'mcp-protocol-version': '2025-06-18' }]) {
      const r = await post(call('echo', 7), h)
      expect(r.status).toBe(200)
      const d = (await s.approved()).find((x) => x.decisionId === r.decisionId)
      expect(d).toMatchObject({ verdict: 'allow', revision: '2025-11-25' })
      expect((await s.executed()).filter((x) => x.type === 'execution' && x.decisionId === r.decisionId)).toHaveLength(1)
    }
  })

  it('refuses a POST that does not accept an event stream (406)', async () => {
    const r = await post(call('echo'), { accept: 'application/json' })
    expect([r.status, r.code]).toEqual([406, 'ERR_MCP_NOT_ACCEPTABLE'])
  })

  it('refuses an unauthenticated request before reading anything else', async () => {
    const r = await post(call('echo'), { authorization: 'Bearer nope-nope-nope-nope' })
    expect([r.status, r.code]).toEqual([401, 'ERR_INTAKE_UNAUTHENTICATED'])
  })
})
