/**
 * The official SDK client, through the gate and the guard, to the stock server-everything over
 * Streamable HTTP: lists filtered to what the agent may call, allowed calls with the server's real
 * results, denied calls that never reach the server, event streams, a server-to-client request,
 * and session termination, each in both logs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CreateMessageRequestSchema, LoggingMessageNotificationSchema } from '@modelcontextprotocol/sdk/types.js'
import { McpError } from '@modelcontextprotocol/sdk/types.js'
import { startEverything, startMcpStack } from '../../helpers/mcp-stack.js'
import type { McpStack } from '../../helpers/mcp-stack.js'

const POLICY = `rules:
  - id: echo
    effect: allow
    agents: [coder]
    tools: ["mcp:everything/tools/call/echo", "mcp:everything/tools/call/trigger-long-running-operation", "mcp:everything/tools/call/trigger-sampling-request", "mcp:everything/tools/call/toggle-simulated-logging"]
  - id: small-sums
    effect: allow
    agents: [coder]
    tools: ["mcp:everything/tools/call/get-sum"]
    when:
      - { pointer: /a, type: number }
      - { pointer: /a, max: 100 }
  - id: no-env
    effect: deny
    agents: ["*"]
    tools: ["mcp:everything/tools/call/get-env"]
  - id: readme
    effect: allow
    agents: [coder]
    tools: ["mcp:everything/resources/read"]
    when:
      - { pointer: /uri, equals: "demo://resource/static/document/architecture.md" }
`

let ev: Awaited<ReturnType<typeof startEverything>>
let s: McpStack

beforeAll(async () => {
  ev = await startEverything()
  s = await startMcpStack({ server: 'everything', executor: { mcp: { http: ev.url } }, policy: POLICY })
})
afterAll(async () => {
  await s?.close()
  await ev?.stop()
})

const executions = async (): Promise<Array<Record<string, unknown>>> => (await s.executed()).filter((r) => r.type === 'execution') as Array<Record<string, unknown>>
const decisions = async (): Promise<Array<Record<string, unknown>>> => (await s.approved()).filter((r) => r.type === 'decision') as Array<Record<string, unknown>>

describe('MCP through gate and guard: server-everything over Streamable HTTP', () => {
  it('initializes a session and lists only the tools this agent could ever call', async () => {
    const { client } = await s.connect()
    const names = (await client.listTools()).tools.map((t) => t.name).sort()
    expect(names).toEqual(['echo', 'get-sum', 'toggle-simulated-logging', 'trigger-long-running-operation', 'trigger-sampling-request'])
    const init = (await decisions()).find((r) => r.rpcMethod === 'initialize')
    expect(init).toMatchObject({ verdict: 'allow', passed: true, tool: 'mcp:everything/initialize', agent: 'coder' })
  })

  it("returns an allowed call's real result, executed once under the gate's decision", async () => {
    const { client } = await s.connect()
    const r = await client.callTool({ name: 'echo', arguments: { message: 'verbatim' } })
    expect(r.content).toEqual([{ type: 'text', text: 'Echo: verbatim' }])
    const d = (await decisions()).filter((x) => x.tool === 'mcp:everything/tools/call/echo').at(-1)
    expect(d).toMatchObject({ verdict: 'allow', ruleIds: ['echo'] })
    expect((await executions()).filter((x) => x.decisionId === d?.decisionId)).toHaveLength(1)
  })

  it('refuses a denied call with a JSON-RPC error carrying the code and decision id; the server never sees it', async () => {
    const { client } = await s.connect()
    const err = await client.callTool({ name: 'get-env', arguments: {} }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(McpError)
    // A code the SDK does not read as its own (RequestTimeout, -32001, would be retried by frameworks).
    expect((err as McpError).code).toBe(-31403)
    const data = (err as McpError).data as { code: string; decisionId: string; status: number }
    expect(data).toMatchObject({ code: 'ERR_POLICY_DENIED', status: 403 })
    expect((await decisions()).find((x) => x.decisionId === data.decisionId)).toMatchObject({ verdict: 'deny', code: 'ERR_POLICY_DENIED', ruleIds: ['no-env'] })
    expect((await executions()).filter((x) => x.decisionId === data.decisionId || x.tool === 'mcp:everything/tools/call/get-env')).toEqual([])
    // A condition decides on the arguments: 5 + 1 is allowed, 500 + 1 is not.
    expect((await client.callTool({ name: 'get-sum', arguments: { a: 5, b: 1 } })).content).toEqual([{ type: 'text', text: 'The sum of 5 and 1 is 6.' }])
    const big = await client.callTool({ name: 'get-sum', arguments: { a: 500, b: 1 } }).catch((e: unknown) => e)
    expect(((big as McpError).data as { code: string }).code).toBe('ERR_POLICY_NO_MATCH')
  })

  it('decides resources/read by URI', async () => {
    const { client } = await s.connect()
    const ok = await client.readResource({ uri: 'demo://resource/static/document/architecture.md' })
    expect(ok.contents.length).toBe(1)
    const denied = await client.readResource({ uri: 'demo://resource/static/document/features.md' }).catch((e: unknown) => e)
    expect(((denied as McpError).data as { code: string }).code).toBe('ERR_POLICY_NO_MATCH')
  })

  it('streams progress notifications over the POST event stream through both hops', async () => {
    const { client } = await s.connect()
    const progress: number[] = []
    const r = await client.callTool({ name: 'trigger-long-running-operation', arguments: { duration: 0.3, steps: 3 } }, undefined, { onprogress: (p) => progress.push(p.progress) })
    expect(progress).toEqual([1, 2, 3])
    expect(JSON.stringify(r.content)).toContain('Long running operation completed')
  })

  it("passes a server-to-client sampling request through, and the client's answer back on the canonical path", async () => {
    const { client } = await s.connect()
    const seen: string[] = []
    client.setRequestHandler(CreateMessageRequestSchema, async (req) => {
      seen.push(JSON.stringify(req.params.messages))
      return { model: 'stub', role: 'assistant', content: { type: 'text', text: 'sampled by the test client' } }
    })
    const r = await client.callTool({ name: 'trigger-sampling-request', arguments: { prompt: 'hello', maxTokens: 5 } })
    expect(seen).toHaveLength(1)
    expect(JSON.stringify(r.content)).toContain('sampled by the test client')
    // The answer went back as a POST of its own: decided (it passes), bound and audited.
    const answers = (await decisions()).filter((x) => x.rpcMethod === 'response')
    expect(answers.length).toBeGreaterThanOrEqual(1)
    expect(answers.at(-1)).toMatchObject({ verdict: 'allow', tool: 'mcp:everything/response', passed: true })
  })

  it("relays the server's own notifications on the session's GET stream through both hops", async () => {
    const { client, transport } = await s.connect()
    const got = new Promise<string>((resolve) => client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => resolve(String(n.params.data))))
    await client.callTool({ name: 'toggle-simulated-logging', arguments: {} })
    expect(await got).toMatch(/message - SessionId /)
    const streams = (await decisions()).filter((x) => x.rpcMethod === 'stream' && x.session === transport.sessionId)
    expect(streams.length).toBeGreaterThanOrEqual(1)
    expect(streams[0]).toMatchObject({ verdict: 'allow', tool: 'mcp:everything/stream', method: 'GET' })
    expect((await executions()).filter((x) => x.decisionId === streams[0]?.decisionId)).toHaveLength(1)
    await client.callTool({ name: 'toggle-simulated-logging', arguments: {} })
  })

  it('ends a session with DELETE through both hops; the session is then unknown', async () => {
    const { client, transport } = await s.connect()
    await client.listTools()
    const sid = transport.sessionId
    expect(sid).toBeDefined()
    await transport.terminateSession()
    expect((await decisions()).some((x) => x.rpcMethod === 'session/delete' && x.session === sid && x.verdict === 'allow')).toBe(true)
    const res = await fetch(s.endpoint, {
      method: 'POST',
      headers: { authorization: 'Bearer mcp-token-0123456789abcdef', 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-session-id': sid ?? '', 'mcp-protocol-version': '2025-11-25' },
      body: '{"jsonrpc":"2.0","id":9,"method":"tools/list"}',
    })
    expect(res.status).toBe(404)
    expect(((await res.json()) as { code: string }).code).toBe('ERR_MCP_SESSION')
  })
})
