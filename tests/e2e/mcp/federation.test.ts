/**
 * One endpoint for many servers (issue 21 item 4): the official SDK client on the gate's /mcp, which
 * federates two stock servers, server-everything over Streamable HTTP and server-filesystem on stdio,
 * each behind its own guard. Lists are merged and filtered per agent, each call runs on its own
 * server under that server's policy name, a denied call never reaches its server, a name cannot be
 * steered to another server, and reconcile names the real server.
 */
import { existsSync } from 'node:fs'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CreateMessageRequestSchema, McpError } from '@modelcontextprotocol/sdk/types.js'
import { verifyPath } from '../../../src/audit/index.js'
import { reconcile } from '../../../src/auditor/index.js'
import { MCP_TOKEN, OTHER_TOKEN, ROOT, startEverything } from '../../helpers/mcp-stack.js'
import { startFederatedStack } from '../../helpers/mcp-federation.js'
import type { FederatedStack } from '../../helpers/mcp-federation.js'
import { rawMcpSession } from '../../helpers/mcp-raw.js'
import { runCli } from '../../helpers/cli.js'

let ws: string
let ev: Awaited<ReturnType<typeof startEverything>>
let s: FederatedStack

beforeAll(async () => {
  ws = await mkdtemp(join(tmpdir(), 'verbatim-fed-ws-'))
  await writeFile(join(ws, 'notes.txt'), 'written before the test\n')
  ev = await startEverything()
  const policy = `rules:
  - id: echo
    effect: allow
    agents: [coder, other]
    tools: ["mcp:ev/tools/call/echo"]
  - id: sampling-and-prompts
    effect: allow
    agents: [coder]
    tools: ["mcp:ev/tools/call/trigger-sampling-request", "mcp:ev/prompts/get/simple-prompt"]
  - id: no-env
    effect: deny
    agents: ["*"]
    tools: ["mcp:ev/tools/call/get-env"]
  - id: read-ws
    effect: allow
    agents: [coder]
    tools: ["mcp:fs/tools/call/read_text_file", "mcp:fs/tools/call/list_directory"]
    when:
      - { pointer: /path, pathUnder: ${JSON.stringify(ws)} }
  - id: write-out-only
    effect: allow
    agents: [coder]
    tools: ["mcp:fs/tools/call/write_file"]
    when:
      - { pointer: /path, pathUnder: ${JSON.stringify(join(ws, 'out'))} }
  - id: readme
    effect: allow
    agents: [coder]
    tools: ["mcp:ev/resources/read"]
    when:
      - { pointer: /uri, equals: "demo://resource/static/document/architecture.md" }
`
  s = await startFederatedStack({
    members: [
      { name: 'ev', executor: { mcp: { http: ev.url } } },
      { name: 'fs', executor: { mcp: { command: [process.execPath, join(ROOT, 'node_modules/@modelcontextprotocol/server-filesystem/dist/index.js'), ws] } } },
    ],
    policy,
  })
})
afterAll(async () => {
  await s?.close()
  await ev?.stop()
})

type Rec = Record<string, unknown>
const decisions = async (): Promise<Rec[]> => (await s.approved()).filter((r) => r.type === 'decision') as Rec[]
const executions = async (server: string): Promise<Rec[]> => (await s.executed(server)).filter((r) => r.type === 'execution') as Rec[]
/** What each server ran of tools/call (a client's GET stream, opened when it likes, is an execution too). */
const calls = async (): Promise<{ ev: number; fs: number }> => {
  const n = async (server: string): Promise<number> => (await executions(server)).filter((x) => String(x.tool).includes('/tools/call/')).length
  return { ev: await n('ev'), fs: await n('fs') }
}

describe('the federated endpoint /mcp: two servers behind their guards, the official SDK client', () => {
  it('merges both lists, each name prefixed with its server, filtered to what this agent may call', async () => {
    const { client } = await s.connect()
    expect(client.getServerVersion()?.name).toBe('verbatim-federation')
    const names = (await client.listTools()).tools.map((t) => t.name).sort()
    expect(names).toEqual(['ev__echo', 'ev__trigger-sampling-request', 'fs__list_directory', 'fs__read_text_file', 'fs__write_file'])
    const other = (await s.connect(OTHER_TOKEN)).client
    expect((await other.listTools()).tools.map((t) => t.name)).toEqual(['ev__echo'])
  })

  it('runs each call on its own server, decided under that server\'s policy name and executed by its guard', async () => {
    const { client } = await s.connect()
    const echo = await client.callTool({ name: 'ev__echo', arguments: { message: 'federated' } })
    expect(echo.content).toEqual([{ type: 'text', text: 'Echo: federated' }])
    const read = await client.callTool({ name: 'fs__read_text_file', arguments: { path: join(ws, 'notes.txt') } })
    expect(JSON.stringify(read.content)).toContain('written before the test')
    const d = await decisions()
    const de = d.filter((x) => x.tool === 'mcp:ev/tools/call/echo').at(-1)
    const df = d.filter((x) => x.tool === 'mcp:fs/tools/call/read_text_file').at(-1)
    expect(de).toMatchObject({ verdict: 'allow', ruleIds: ['echo'], agent: 'coder' })
    expect(df).toMatchObject({ verdict: 'allow', ruleIds: ['read-ws'], agent: 'coder' })
    // Each ran once, on its own server's guard, and never on the other's.
    expect((await executions('ev')).filter((x) => x.decisionId === de?.decisionId)).toHaveLength(1)
    expect((await executions('fs')).filter((x) => x.decisionId === df?.decisionId)).toHaveLength(1)
    expect((await executions('fs')).filter((x) => x.decisionId === de?.decisionId)).toEqual([])
    expect((await executions('ev')).filter((x) => x.decisionId === df?.decisionId)).toEqual([])
  })

  it('lists prompts prefixed and filtered, and gets one from its server', async () => {
    const { client } = await s.connect()
    expect((await client.listPrompts()).prompts.map((p) => p.name)).toEqual(['ev__simple-prompt'])
    const p = await client.getPrompt({ name: 'ev__simple-prompt' })
    expect(p.messages.length).toBeGreaterThan(0)
    expect((await decisions()).filter((x) => x.tool === 'mcp:ev/prompts/get/simple-prompt').at(-1)).toMatchObject({ verdict: 'allow' })
  })

  it('relays a server\'s own request to the agent under an id that leads back to that server, and the answer back to it', async () => {
    const { client } = await s.connect()
    const ids: unknown[] = []
    client.setRequestHandler(CreateMessageRequestSchema, async (req, extra) => {
      ids.push(extra.requestId)
      return { model: 'stub', role: 'assistant', content: { type: 'text', text: `sampled for ${JSON.stringify(req.params.messages).length}` } }
    })
    const r = await client.callTool({ name: 'ev__trigger-sampling-request', arguments: { prompt: 'hello', maxTokens: 5 } })
    expect(JSON.stringify(r.content)).toContain('sampled for')
    expect(ids).toHaveLength(1)
    expect(String(ids[0])).toMatch(/^ev__n:\d+$/)
    // The answer went to ev, as a response of ev's own pipeline.
    // The answer went to ev under ev's own id for its request, as a response of ev's own pipeline.
    const own = Number(String(ids[0]).slice('ev__n:'.length))
    expect((await decisions()).filter((x) => x.rpcMethod === 'response' && x.rpcId === own && x.tool === 'mcp:ev/response').length).toBeGreaterThanOrEqual(1)
    // Every answer of the agent's went to a server that asked, none was refused at the endpoint itself.
    for (const x of (await decisions()).filter((d) => d.rpcMethod === 'response')) expect([x.tool, x.verdict]).toEqual(['mcp:ev/response', 'allow'])
  })

  it('reads a prefixed resource and lists resources with their server prefix', async () => {
    const { client } = await s.connect()
    const uris = (await client.listResources()).resources.map((r) => r.uri)
    expect(uris).toContain('ev__demo://resource/static/document/architecture.md')
    expect(uris.every((u) => u.startsWith('ev__'))).toBe(true)
    const r = await client.readResource({ uri: 'ev__demo://resource/static/document/architecture.md' })
    expect(r.contents[0]?.uri).toBe('ev__demo://resource/static/document/architecture.md')
    expect((await decisions()).filter((x) => x.tool === 'mcp:ev/resources/read').at(-1)).toMatchObject({ verdict: 'allow', ruleIds: ['readme'] })
  })

  it('refuses a denied call on one server with the denial code; that server never sees it, the other is untouched', async () => {
    const { client } = await s.connect()
    const before = await calls()
    const err = await client.callTool({ name: 'ev__get-env', arguments: {} }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(McpError)
    expect((err as McpError).code).toBe(-31403)
    const data = (err as McpError).data as { code: string; decisionId: string }
    expect(data.code).toBe('ERR_POLICY_DENIED')
    expect((await decisions()).find((x) => x.decisionId === data.decisionId)).toMatchObject({ verdict: 'deny', tool: 'mcp:ev/tools/call/get-env', ruleIds: ['no-env'] })
    const target = join(ws, 'denied.txt')
    const w = await client.callTool({ name: 'fs__write_file', arguments: { path: target, content: 'no' } }).catch((e: unknown) => e)
    expect(((w as McpError).data as { code: string }).code).toBe('ERR_POLICY_NO_MATCH')
    expect(existsSync(target)).toBe(false)
    expect(await calls()).toEqual(before)
  })

  it('routes no name to a server it does not start with: unprefixed, lookalike, wrong separator, a prefix of another, crafted separators', async () => {
    const { client } = await s.connect()
    const before = await calls()
    const attempts = [
      'echo', // unprefixed
      'ev_echo', 'ev___echo'.slice(1), 'ev-echo', 'ev::echo', // other separators
      'e__v__echo', 'e__echo', 'evx__echo', // a prefix of a server, a server with more
      'fs__ev__echo', // server A's prefix, then B's name: goes to fs as its tool 'ev__echo', which fs has none of
      'ｅv__echo', 'ev\u200b__echo', 'ev＿＿echo', 'EV__echo', // unicode lookalikes, case
      '__echo', 'ev__', // an empty server or name
    ]
    for (const name of attempts) {
      const err = await client.callTool({ name, arguments: { message: 'x', path: join(ws, 'notes.txt') } }).catch((e: unknown) => e)
      // A name that is not printable ASCII is no MCP tool name: refused as it is on /mcp/{server}, before routing.
      if (/[^\x21-\x7e]/.test(name)) {
        expect(String(err), name).toContain('"status":400,"code":"ERR_MCP_INVALID_MESSAGE"')
        continue
      }
      expect(err, `${name}: ${String(err)}`).toBeInstanceOf(McpError)
      const code = (err as McpError).code
      const data = (err as McpError).data as { code?: string } | undefined
      if (name === 'fs__ev__echo') expect(data?.code, name).toBe('ERR_POLICY_NO_MATCH')
      else expect([code, data?.code], name).toEqual([-32602, 'ERR_MCP_UNROUTABLE'])
    }
    expect(await calls()).toEqual(before)
    // Each refusal is audited, at the federated endpoint or under the server the name named.
    const refused = (await decisions()).filter((x) => x.code === 'ERR_MCP_UNROUTABLE' || x.code === 'ERR_MCP_INVALID_MESSAGE')
    expect(refused.length).toBeGreaterThanOrEqual(attempts.length - 1)
    // A name no server carries is the endpoint's own refusal (server '*'), its name recorded as the agent wrote it.
    const own = refused.filter((x) => x.code === 'ERR_MCP_UNROUTABLE')
    expect(own.length).toBeGreaterThan(0)
    for (const x of own) expect([x.server, x.target, x.agent, x.verdict]).toEqual(['*', '/mcp', 'coder', 'reject'])
  })

  it('serves a client that posts its own bytes: initialize, a notification to every server, a call, and DELETE ends the session', async () => {
    const raw = rawMcpSession(s.endpoint, MCP_TOKEN)
    const init = await raw.post(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } }))
    expect(init.status).toBe(200)
    expect(raw.sessionId).toBeDefined()
    expect((await raw.post(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }))).status).toBe(202)
    const ok = await raw.post(JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'ev__echo', arguments: { message: 'raw' } } }))
    expect(ok.messages.at(-1)).toMatchObject({ id: 2, result: { content: [{ type: 'text', text: 'Echo: raw' }] } })
    expect(await raw.end()).toBe(200)
    const gone = await raw.post(JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'tools/list' }))
    expect(gone.status).toBe(404)
  })

  it('leaves logs that verify and reconcile, each call under its real server', async () => {
    const approved = await verifyPath(join(s.dir, 'approved'), { live: true })
    for (const r of approved.values()) expect(r.faults).toEqual([])
    const executed = [...await s.executed('ev'), ...await s.executed('fs')]
    const result = reconcile(await s.approved(), executed, { now: Date.now(), graceMs: 60_000, keepOk: true })
    const violations = Object.entries(result.counts).filter(([cls, n]) => cls !== 'ok' && n > 0)
    expect(violations).toEqual([])
    const audience = (tool: string): Set<string | undefined> => new Set(result.items.filter((e) => e.approved?.tool === tool).map((e) => e.approved?.audience))
    expect(audience('mcp:ev/tools/call/echo')).toEqual(new Set(['ev-1']))
    expect(audience('mcp:fs/tools/call/read_text_file')).toEqual(new Set(['fs-1']))
    // `audit reconcile`, as an auditor runs it on the gate's log and both guards': each server's calls under its own name.
    const logs = ['--approved', join(s.dir, 'approved'), '--executed', join(s.dir, 'ev-executed'), '--executed', join(s.dir, 'fs-executed'), '--json']
    for (const server of ['ev', 'fs']) {
      const run = await runCli(['audit', 'reconcile', ...logs, '--tool', `mcp:${server}/*`])
      expect(run.code, run.err).toBe(0)
      const out = JSON.parse(run.out) as { counts: Record<string, number>; denied: number }
      expect(out.counts['ok'], server).toBeGreaterThan(0)
    }
    // No record carries a prefixed name: the federated names are the endpoint's, never the audit's.
    for (const tool of ['ev__*', 'mcp:ev/tools/call/ev__*', 'mcp:fs/tools/call/fs__*']) {
      const none = JSON.parse((await runCli(['audit', 'reconcile', ...logs, '--tool', tool])).out) as { counts: Record<string, number>; denied: number }
      expect([none.counts['ok'] ?? 0, none.denied], tool).toEqual([0, 0])
    }
  })
})
