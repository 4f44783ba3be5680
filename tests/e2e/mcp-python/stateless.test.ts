/**
 * What the gate refuses of a 2026-07-28 request, on the wire as an agent sends it, with the Python SDK's server
 * behind the guard: each refusal is the revision's own (HTTP 400 and JSON-RPC -32020, -32022 or -32602, the problem
 * as data), audited, and never forwarded; what passes is forwarded with exactly the headers the binding covers.
 */
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MCP_TOKEN, startMcpStack } from '../../helpers/mcp-stack.js'
import type { McpStack } from '../../helpers/mcp-stack.js'
import { startRecordingProxy } from '../../helpers/recording-proxy.js'
import type { RecordingProxy } from '../../helpers/recording-proxy.js'
import { startPythonServer } from '../../helpers/python-mcp.js'
import type { PythonServer } from '../../helpers/python-mcp.js'
import { PY_POLICY } from './policy.js'

const REV = '2026-07-28'
const META = { 'io.modelcontextprotocol/protocolVersion': REV, 'io.modelcontextprotocol/clientCapabilities': {}, 'io.modelcontextprotocol/clientInfo': { name: 'raw', version: '1' } }
let id = 100
const request = (method: string, params: Record<string, unknown> = {}, meta: Record<string, unknown> | null = META): string =>
  JSON.stringify({ jsonrpc: '2.0', id: ++id, method, params: meta === null ? params : { _meta: meta, ...params } })
const lookup = (region: string): string => request('tools/call', { name: 'lookup', arguments: { region, query: 'SELECT 2' } })

let py: PythonServer
let s: McpStack
let hop: RecordingProxy
/** Headers the gate → guard middlebox adds to the next request it relays (a tampering middlebox). */
let inject: Record<string, string> = {}

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'verbatim-py-raw-'))
  py = await startPythonServer(join(dir, 'executed.jsonl'))
  s = await startMcpStack({
    server: 'py', executor: { mcp: { http: py.url } }, policy: PY_POLICY,
    via: async (guard) => (hop = await startRecordingProxy(guard, (h) => Object.assign(h, inject))).url,
  })
})
afterAll(async () => {
  await s?.close()
  await hop?.close()
  await py?.stop()
})

interface Answer { status: number; body: Record<string, unknown>; error: { code: number; data?: Record<string, unknown> } | undefined }

async function post(body: string, headers: Record<string, string | undefined> = {}, method = 'POST'): Promise<Answer> {
  const h: Record<string, string> = { authorization: `Bearer ${MCP_TOKEN}`, accept: 'application/json, text/event-stream', 'content-type': 'application/json', 'mcp-protocol-version': REV }
  const parsed = method === 'POST' ? (JSON.parse(body) as { method?: string; params?: { name?: string; uri?: string } }) : {}
  if (parsed.method !== undefined) h['mcp-method'] = parsed.method
  if (parsed.params?.name !== undefined || parsed.params?.uri !== undefined) h['mcp-name'] = String(parsed.params.name ?? parsed.params.uri)
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined) delete h[k]
    else h[k] = v
  }
  const res = await fetch(s.endpoint, { method, headers: h, ...(method === 'POST' ? { body } : {}) })
  const text = await res.text()
  const json = res.headers.get('content-type')?.includes('event-stream') ? JSON.parse(/data: (.*)/.exec(text.split('\n\n').filter((e) => e.includes('"id"')).at(-1) ?? '')?.[1] ?? '{}') : text === '' ? {} : JSON.parse(text)
  return { status: res.status, body: json, error: (json as { error?: { code: number; data?: Record<string, unknown> } }).error }
}
const ran = async (): Promise<number> => (await py.executed()).length
const lastDecision = async (): Promise<Record<string, unknown> | undefined> => (await s.approved()).filter((r) => r.type === 'decision').at(-1) as Record<string, unknown> | undefined

describe('a 2026-07-28 request the gate refuses before anything is forwarded', () => {
  beforeAll(async () => {
    // The gate learns which arguments each tool mirrors from a listing it relays.
    expect((await post(request('tools/list'))).status).toBe(200)
  })

  it.each([
    ['an Mcp-Name that names another tool than the body', lookup('us-west1'), { 'mcp-name': 'echo' }, -32020, 'ERR_MCP_HEADER_MISMATCH'],
    ['no Mcp-Method', lookup('us-west1'), { 'mcp-method': undefined, 'mcp-param-region': 'us-west1' }, -32020, 'ERR_MCP_HEADER_MISMATCH'],
    ['no Mcp-Name on a tools/call', lookup('us-west1'), { 'mcp-name': undefined, 'mcp-param-region': 'us-west1' }, -32020, 'ERR_MCP_HEADER_MISMATCH'],
    ['an Mcp-Param-Region that differs from the region argument', lookup('us-west1'), { 'mcp-param-region': 'eu-west1' }, -32020, 'ERR_MCP_HEADER_MISMATCH'],
    ['no Mcp-Param-Region although the region argument is there', lookup('us-west1'), {}, -32020, 'ERR_MCP_HEADER_MISMATCH'],
    ['an Mcp-Param header that mirrors no argument of the tool', request('tools/call', { name: 'echo', arguments: { message: 'x' } }), { 'mcp-param-region': 'us-west1' }, -32020, 'ERR_MCP_HEADER_MISMATCH'],
    ['an Mcp-Param header on a tool no listing has shown the gate', request('tools/call', { name: 'unlisted', arguments: { region: 'x' } }), { 'mcp-param-region': 'x' }, -32020, 'ERR_MCP_HEADER_MISMATCH'],
    ['a _meta revision other than MCP-Protocol-Version', request('tools/call', { name: 'echo', arguments: { message: 'x' } }, { ...META, 'io.modelcontextprotocol/protocolVersion': '2025-11-25' }), {}, -32020, 'ERR_MCP_HEADER_MISMATCH'],
    ['no revision in _meta', request('tools/call', { name: 'echo', arguments: { message: 'x' } }, null), {}, -32602, 'ERR_MCP_META'],
  ])('refuses %s: HTTP 400, JSON-RPC %s with the problem, audited, not forwarded', async (_why, body, headers, code, problem) => {
    const before = await ran()
    const hopBefore = hop.seen.length
    const r = await post(body, headers)
    expect([r.status, r.error?.code, r.error?.data?.['code']]).toEqual([400, code, problem])
    expect(r.body['id']).toBe(JSON.parse(body).id)
    const d = await lastDecision()
    expect(d).toMatchObject({ verdict: 'reject', code: problem, decisionId: r.error?.data?.['decisionId'], revision: REV })
    expect([await ran(), hop.seen.length]).toEqual([before, hopBefore])
  })

  it('answers a revision it does not speak with -32022, the revisions it speaks, and the one asked for', async () => {
    const r = await post(request('tools/call', { name: 'echo', arguments: { message: 'x' } }, { ...META, 'io.modelcontextprotocol/protocolVersion': '2099-01-01' }), { 'mcp-protocol-version': '2099-01-01' })
    expect([r.status, r.error?.code, r.error?.data?.['code']]).toEqual([400, -32022, 'ERR_MCP_PROTOCOL_VERSION'])
    expect(r.error?.data).toMatchObject({ supported: ['2026-07-28', '2025-11-25', '2025-06-18'], requested: '2099-01-01' })
  })

  it('has no GET stream and no DELETE at 2026-07-28: 405', async () => {
    for (const method of ['GET', 'DELETE']) expect((await post('', { 'content-type': undefined, accept: 'text/event-stream' }, method)).status).toBe(405)
  })

  it('refuses an initialize: the revision has none, and it opens no session here', async () => {
    const hopBefore = hop.seen.length
    const r = await post(request('initialize', { protocolVersion: REV, capabilities: {}, clientInfo: { name: 'raw', version: '1' } }))
    expect([r.status, r.error?.code, r.error?.data?.['code']]).toEqual([400, -32022, 'ERR_MCP_PROTOCOL_VERSION'])
    expect(hop.seen.length).toBe(hopBefore)
  })

  it('refuses a client response: the revision has none (a server asks with input_required)', async () => {
    const r = await post('{"id":"srv-1","jsonrpc":"2.0","result":{}}', { 'mcp-method': undefined })
    expect([r.status, (r.body as { code?: string }).code]).toEqual([400, 'ERR_MCP_INVALID_MESSAGE'])
  })
})

describe('a 2026-07-28 request the gate forwards', () => {
  it('forwards a tools/call with its Mcp-Param header, base64 encoded or not, bound by the decision', async () => {
    const before = hop.seen.length
    const plain = await post(lookup('us-west1'), { 'mcp-param-region': 'us-west1' })
    const encoded = await post(lookup('us-west1'), { 'mcp-param-region': `=?base64?${Buffer.from('us-west1').toString('base64')}?=` })
    expect([plain.status, encoded.status]).toEqual([200, 200])
    expect((plain.body as { result: { content: Array<{ text: string }> } }).result.content[0]?.text).toBe('us-west1: SELECT 2')
    const sent = hop.seen.slice(before)
    expect(sent.map((r) => r.headers['mcp-param-region'])).toEqual(['us-west1', `=?base64?${Buffer.from('us-west1').toString('base64')}?=`])
    for (const r of sent) {
      expect(r.headers['verbatim-decision']).toMatch(/protocol="2026-07-28", param-headers=:[A-Za-z0-9+/]{43}=:$/)
      expect(r.headers['mcp-session-id']).toBeUndefined()
    }
  })

  it('ignores an Mcp-Session-Id: neither looked up nor forwarded, as the revision says', async () => {
    const before = hop.seen.length
    const r = await post(request('tools/call', { name: 'echo', arguments: { message: 'no session' } }), { 'mcp-session-id': 'not-a-session', 'last-event-id': '7' })
    expect(r.status).toBe(200)
    expect(hop.seen.slice(before).map((x) => [x.headers['mcp-session-id'], x.headers['last-event-id']])).toEqual([[undefined, undefined]])
    expect((await lastDecision())?.['session']).toBeUndefined()
  })

  it('relays server/discover without a rule, offering only the revisions the gate speaks', async () => {
    const r = await post(request('server/discover'))
    expect((r.body as { result: { supportedVersions: string[] } }).result.supportedVersions).toEqual(['2026-07-28'])
    expect(await lastDecision()).toMatchObject({ tool: 'mcp:py/server/discover', verdict: 'allow', passed: true })
  })

  it('opens a subscriptions/listen stream, filtered as a GET stream is, its first message the acknowledgment', async () => {
    const abort = new AbortController()
    const res = await fetch(s.endpoint, {
      method: 'POST', signal: abort.signal,
      headers: { authorization: `Bearer ${MCP_TOKEN}`, accept: 'application/json, text/event-stream', 'content-type': 'application/json', 'mcp-protocol-version': REV, 'mcp-method': 'subscriptions/listen' },
      body: request('subscriptions/listen', { notifications: { toolsListChanged: true } }),
    })
    expect([res.status, res.headers.get('content-type')]).toEqual([200, 'text/event-stream'])
    const reader = (res.body as ReadableStream<Uint8Array>).getReader()
    let text = ''
    while (!text.includes('\n\n')) text += new TextDecoder().decode((await reader.read()).value)
    expect(JSON.parse(/data: (.*)/.exec(text)?.[1] ?? '')).toMatchObject({ method: 'notifications/subscriptions/acknowledged' })
    abort.abort()
    expect(await lastDecision()).toMatchObject({ tool: 'mcp:py/subscriptions/listen', verdict: 'allow', passed: true })
  })
})

describe('a subscriptions/listen for the updates of resources', () => {
  it('is denied when it names a resource the agent may not read, and nothing reaches the server', async () => {
    const hopBefore = hop.seen.length
    const r = await post(request('subscriptions/listen', { notifications: { resourceSubscriptions: ['demo://readme', 'demo://secret'] } }))
    expect([r.status, r.error?.code, r.error?.data?.['code']]).toEqual([200, -31403, 'ERR_POLICY_NO_MATCH'])
    expect(hop.seen.length).toBe(hopBefore)
    expect(await lastDecision()).toMatchObject({ tool: 'mcp:py/subscriptions/listen', verdict: 'deny', code: 'ERR_POLICY_NO_MATCH' })
  })
})

describe('subscriptions/listen streams', () => {
  it('are bounded per agent as its sessions are: past mcp.sessions.maxPerAgent open ones, 429 ERR_MCP_SESSION_QUOTA; a closed one frees its place', async () => {
    const small = await startMcpStack({ server: 'py', executor: { mcp: { http: py.url } }, policy: PY_POLICY, sessions: { maxPerAgent: 2 } })
    const open = async (signal?: AbortSignal): Promise<Response> => fetch(small.endpoint, {
      method: 'POST', ...(signal === undefined ? {} : { signal }),
      headers: { authorization: `Bearer ${MCP_TOKEN}`, accept: 'application/json, text/event-stream', 'content-type': 'application/json', 'mcp-protocol-version': REV, 'mcp-method': 'subscriptions/listen' },
      body: request('subscriptions/listen', { notifications: { toolsListChanged: true } }),
    })
    try {
      const aborts = [new AbortController(), new AbortController()]
      const streams = [await open(aborts[0]?.signal), await open(aborts[1]?.signal)]
      expect(streams.map((r) => r.status)).toEqual([200, 200])
      const third = await open()
      expect([third.status, ((await third.json()) as { code: string }).code]).toEqual([429, 'ERR_MCP_SESSION_QUOTA'])
      aborts[0]?.abort()
      // The gate hears of the closed stream a moment later; then there is room again.
      let again = await open()
      while (again.status === 429) again = (await again.text(), await open())
      expect(again.status).toBe(200)
      await again.body?.cancel()
      aborts[1]?.abort()
    } finally {
      await small.close()
    }
  })
})

describe('a middlebox between gate and guard', () => {
  it.each([
    ['adds an Mcp-Param header the decision does not bind', request('tools/call', { name: 'echo', arguments: { message: 'x' } }), {}, { 'mcp-param-region': 'eu-west1' }],
    ['changes a bound Mcp-Param header', lookup('us-west1'), { 'mcp-param-region': 'us-west1' }, { 'mcp-param-region': 'eu-west1' }],
  ])('%s: the guard refuses it (step 9i), and the server runs nothing', async (_why, body, headers, tamper) => {
    const before = await ran()
    inject = tamper
    try {
      const r = await post(body, headers)
      expect([r.status, (r.body as { code?: string }).code]).toEqual([403, 'ERR_GUARD_TARGET_MISMATCH'])
    } finally {
      inject = {}
    }
    expect(await ran()).toBe(before)
  })
})
