/**
 * The federated endpoint at 2026-07-28 (stateless): two Python SDK servers (mcp 2.3.0), each behind its own
 * guard, one /mcp. Each request is routed by the server its name carries, its routing headers held to the body
 * as the agent wrote it, and sent on as the server reads it (its own name in Mcp-Name, its Mcp-Param-* kept);
 * lists and server/discover are merged; subscriptions/listen is refused with a code.
 */
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MCP_TOKEN, OTHER_TOKEN } from '../../helpers/mcp-stack.js'
import { startFederatedStack } from '../../helpers/mcp-federation.js'
import type { FederatedStack } from '../../helpers/mcp-federation.js'
import { runPythonClient, startPythonServer } from '../../helpers/python-mcp.js'
import type { PythonServer } from '../../helpers/python-mcp.js'

const REV = '2026-07-28'
const META = { 'io.modelcontextprotocol/protocolVersion': REV, 'io.modelcontextprotocol/clientCapabilities': {}, 'io.modelcontextprotocol/clientInfo': { name: 'raw', version: '1' } }
let id = 100
const request = (method: string, params: Record<string, unknown> = {}): string => JSON.stringify({ jsonrpc: '2.0', id: ++id, method, params: { _meta: META, ...params } })

const POLICY = `rules:
  - id: pa-tools
    effect: allow
    agents: [coder, other]
    tools: ["mcp:pa/tools/call/echo"]
  - id: pa-lookup-west
    effect: allow
    agents: [coder]
    tools: ["mcp:pa/tools/call/lookup"]
    when:
      - { pointer: /region, equals: us-west1 }
  - id: pb-echo
    effect: allow
    agents: [coder]
    tools: ["mcp:pb/tools/call/echo"]
  - id: no-env
    effect: deny
    agents: ["*"]
    tools: ["mcp:pb/tools/call/get_env"]
`

let pa: PythonServer
let pb: PythonServer
let s: FederatedStack

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'verbatim-py-fed-'))
  pa = await startPythonServer(join(dir, 'pa.jsonl'))
  pb = await startPythonServer(join(dir, 'pb.jsonl'))
  s = await startFederatedStack({ members: [{ name: 'pa', executor: { mcp: { http: pa.url } } }, { name: 'pb', executor: { mcp: { http: pb.url } } }], policy: POLICY })
})
afterAll(async () => {
  await s?.close()
  await pa?.stop()
  await pb?.stop()
})

interface Answer { status: number; body: Record<string, unknown>; error: { code: number; data?: Record<string, unknown> } | undefined }

async function post(body: string, headers: Record<string, string | undefined> = {}, token = MCP_TOKEN): Promise<Answer> {
  const h: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json, text/event-stream', 'content-type': 'application/json', 'mcp-protocol-version': REV }
  const parsed = JSON.parse(body) as { method?: string; params?: { name?: string; uri?: string } }
  if (parsed.method !== undefined) h['mcp-method'] = parsed.method
  if (parsed.params?.name !== undefined || parsed.params?.uri !== undefined) h['mcp-name'] = String(parsed.params.name ?? parsed.params.uri)
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined) delete h[k]
    else h[k] = v
  }
  const res = await fetch(s.endpoint, { method: 'POST', headers: h, body })
  const text = await res.text()
  const json = res.headers.get('content-type')?.includes('event-stream') ? JSON.parse(/data: (.*)/.exec(text.split('\n\n').filter((e) => e.includes('"id"')).at(-1) ?? '')?.[1] ?? '{}') : text === '' ? {} : JSON.parse(text)
  return { status: res.status, body: json, error: (json as { error?: { code: number; data?: Record<string, unknown> } }).error }
}
const result = (a: Answer): Record<string, unknown> => a.body['result'] as Record<string, unknown>

describe('the federated endpoint at 2026-07-28: two Python SDK servers, stateless requests', () => {
  it('merges server/discover and both tool lists, filtered per agent', async () => {
    const d = await post(request('server/discover'))
    expect(d.status).toBe(200)
    expect(result(d)['supportedVersions']).toContain(REV)
    expect(result(d)['serverInfo']).toMatchObject({ name: 'verbatim-federation' })
    const names = ((result(await post(request('tools/list')))['tools']) as Array<{ name: string }>).map((t) => t.name).sort()
    expect(names).toEqual(['pa__echo', 'pa__lookup', 'pb__echo'])
    const other = ((result(await post(request('tools/list'), {}, OTHER_TOKEN))['tools']) as Array<{ name: string }>).map((t) => t.name)
    expect(other).toEqual(['pa__echo'])
  })

  it('runs a call on its own server with its Mcp-Param-* header, and on no other', async () => {
    const a = await post(request('tools/call', { name: 'pa__lookup', arguments: { region: 'us-west1', query: 'SELECT 1' } }), { 'mcp-param-region': 'us-west1' })
    expect(a.status).toBe(200)
    expect(a.error).toBeUndefined()
    expect((await pa.executed()).map((e) => e.tool)).toEqual(['lookup'])
    expect(await pb.executed()).toEqual([])
    const b = await post(request('tools/call', { name: 'pb__echo', arguments: { message: 'to b' } }))
    expect(JSON.stringify(result(b))).toContain('to b')
    expect((await pb.executed()).map((e) => e.tool)).toEqual(['echo'])
    expect((await pa.executed()).map((e) => e.tool)).toEqual(['lookup'])
  })

  it('holds Mcp-Name to the name the agent wrote: another server\'s name, or the server\'s own unprefixed, is -32020', async () => {
    const before = (await pa.executed()).length + (await pb.executed()).length
    for (const name of ['pb__echo', 'echo']) {
      const a = await post(request('tools/call', { name: 'pa__echo', arguments: { message: 'x' } }), { 'mcp-name': name })
      expect([a.status, a.error?.code, a.error?.data?.['code']], name).toEqual([400, -32020, 'ERR_MCP_HEADER_MISMATCH'])
    }
    expect((await pa.executed()).length + (await pb.executed()).length).toBe(before)
  })

  it('denies under the server\'s own policy name; the server never runs it', async () => {
    const a = await post(request('tools/call', { name: 'pb__get_env', arguments: { name: 'HOME' } }))
    expect(a.error?.code).toBe(-31403)
    expect(a.error?.data).toMatchObject({ code: 'ERR_POLICY_DENIED' })
    const d = (await s.approved()).find((r) => r.type === 'decision' && (r as { decisionId?: string }).decisionId === a.error?.data?.['decisionId'])
    expect(d).toMatchObject({ tool: 'mcp:pb/tools/call/get_env', verdict: 'deny', server: 'pb', federated: '*' })
    expect((await pb.executed()).filter((e) => e.tool === 'get_env')).toEqual([])
  })

  it('refuses what it does not route, with a code: an unprefixed name, subscriptions/listen', async () => {
    const u = await post(request('tools/call', { name: 'echo', arguments: { message: 'x' } }))
    expect([u.status, u.error?.code, u.error?.data?.['code']]).toEqual([200, -32602, 'ERR_MCP_UNROUTABLE'])
    const l = await post(request('subscriptions/listen', {}))
    expect([l.status, l.error?.code, l.error?.data?.['code']]).toEqual([200, -32602, 'ERR_MCP_UNROUTABLE'])
  })

  it.each(['2026-07-28', 'auto'] as const)('serves the Python SDK client (%s) on /mcp: its calls on pa, a denial refused', { timeout: 120_000 }, async (mode) => {
    // Before: the client refused the merged tools/list (3 validation errors for ListToolsResult: resultType, ttlMs, cacheScope missing).
    const out = await runPythonClient(s.endpoint.href, MCP_TOKEN, mode, 'pa__')
    expect(out['protocol']).toBe(REV)
    expect(out['tools']).toEqual(['pa__echo', 'pa__lookup', 'pb__echo'])
    expect(out['echo']).toEqual({ text: ['Echo: verbatim'], isError: false })
    expect(out['lookup']).toEqual({ text: ['us-west1: SELECT 1'], isError: false })
    expect(out['get_env']).toMatchObject({ error: { code: -31403, data: { code: 'ERR_POLICY_NO_MATCH' } } })
    expect((await pa.executed()).map((e) => e.tool)).not.toContain('get_env')
    expect((await pb.executed()).map((e) => e.tool)).not.toContain('get_env')
  })
})
