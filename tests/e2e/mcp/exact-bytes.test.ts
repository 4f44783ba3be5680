/**
 * Invariant 1 for both kinds of MCP executor: the server receives exactly the bytes the gate signed
 * and the guard verified. A raw client sends messages in unusual key orders, with fields the SDK's
 * schemas do not know and with `_meta`, through the real gate; a recording middlebox takes the signed
 * bodies off the gate → guard hop; behind the guard, a tap on the stdio server's stdin (or a second
 * middlebox before the Streamable HTTP server) records what the server got. Each accepted message
 * must be there, byte for byte, and nothing else.
 */
import { createHash } from 'node:crypto'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MCP_TOKEN, ROOT, startEverything, startMcpStack } from '../../helpers/mcp-stack.js'
import type { McpStack } from '../../helpers/mcp-stack.js'
import { rawMcpSession } from '../../helpers/mcp-raw.js'
import type { RpcOut } from '../../helpers/mcp-raw.js'
import { startRecordingProxy } from '../../helpers/recording-proxy.js'
import type { RecordingProxy, Relayed } from '../../helpers/recording-proxy.js'

const EVERYTHING = join(ROOT, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js')
const TAP = join(ROOT, 'tests/e2e/fixtures/stdin-tap.mjs')
const POLICY = 'rules:\n  - { id: calls, effect: allow, agents: [coder], tools: ["mcp:every/tools/call/echo", "mcp:every/tools/call/trigger-sampling-request"] }\n'

/** What an agent may send, spelled as no serialiser would: each is canonicalised by the gate. */
const MESSAGES = {
  initialize: '{"params":{"clientInfo":{"version":"1.0.0","name":"raw-tap","x-vendor":{"z":1,"a":[1.0,2e0]}},"capabilities":{"sampling":{},"experimental":{"x.example/feature":{"b":true,"a":null}}},"protocolVersion":"2025-11-25","_meta":{"x.example/trace":"t-1"}},"method":"initialize","jsonrpc":"2.0","id":1}',
  initialized: '{"method":"notifications/initialized","jsonrpc":"2.0"}',
  list: '{"params":{"_meta":{"progressToken":"list-1"}},"method":"tools/list","id":"two","jsonrpc":"2.0"}',
  echo: '{"params":{"name":"echo","arguments":{"message":"caf\\u00e9 \\ud83d\\ude00 \\u2028 1.0"},"_meta":{"progressToken":3,"x.example/z":{"y":[3,2,1],"b":1e1}},"x-unknown-param":{"k":"v"}},"method":"tools/call","id":3,"jsonrpc":"2.0"}',
  ping: '{"params":{"_meta":{}},"method":"ping","jsonrpc":"2.0","id":4}',
  // A top-level field no JSON-RPC schema knows: the SDK's strict schema refuses it; the guard's parse does not.
  unknownTop: '{"x-extra":{"b":2,"a":1},"method":"notifications/x.example/hello","jsonrpc":"2.0"}',
  sampling: '{"params":{"arguments":{"maxTokens":5,"prompt":"hi"},"name":"trigger-sampling-request"},"id":5,"jsonrpc":"2.0","method":"tools/call"}',
}
/** The client's answer to the server's sampling request, with `_meta` and an unknown field in the result. */
const samplingAnswer = (id: string | number | undefined): string =>
  `{"result":{"x-unknown":[{"b":1,"a":2}],"role":"assistant","model":"m","content":{"text":"ok","type":"text"},"_meta":{"x.example/r":1}},"jsonrpc":"2.0","id":${JSON.stringify(id)}}`

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex')

interface Run {
  answers: Record<string, { status: number; messages: RpcOut[] }>
  deleted: number
}

/** The whole conversation, one message at a time (so the record's order is the sending order). */
async function converse(s: McpStack): Promise<Run> {
  const c = rawMcpSession(s.endpoint, MCP_TOKEN)
  const answers: Run['answers'] = {}
  for (const [name, body] of Object.entries(MESSAGES)) {
    answers[name] = await c.post(body, async (req) => {
      expect(req.method).toBe('sampling/createMessage')
      const a = await c.post(samplingAnswer(req.id))
      answers['samplingAnswer'] = a
    })
  }
  return { answers, deleted: await c.end() }
}

/** The signed POST bodies on the gate → guard hop whose execution the guard recorded as accepted, in order. */
async function acceptedBodies(s: McpStack, hop: Relayed[]): Promise<Buffer[]> {
  const accepted = new Set((await s.executed()).filter((r) => r.type === 'execution' && r.method === 'POST').map((r) => r.digest))
  return hop.filter((r) => r.method === 'POST' && accepted.has(sha(r.body))).map((r) => r.body)
}

function expectConversation(run: Run): void {
  expect(run.answers['initialize']?.status).toBe(200)
  expect(run.answers['initialized']?.status).toBe(202)
  expect(run.answers['echo']?.messages.at(-1)).toMatchObject({ id: 3, result: { content: [{ type: 'text', text: 'Echo: café 😀 \u2028 1.0' }] } })
  expect(run.answers['ping']?.messages.at(-1)).toMatchObject({ id: 4, result: {} })
  expect(run.answers['samplingAnswer']?.status).toBe(202)
  expect(JSON.stringify(run.answers['sampling']?.messages.at(-1))).toContain('ok')
  expect(run.deleted).toBe(200)
}

describe('MCP over stdio: the server reads exactly the verified bytes', () => {
  let s: McpStack
  let gateHop: RecordingProxy
  let dir: string
  let run: Run
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'verbatim-tap-'))
    await writeFile(join(dir, 'stdin'), '')
    s = await startMcpStack({
      server: 'every',
      executor: { mcp: { command: [process.execPath, TAP, join(dir, 'stdin'), EVERYTHING, 'stdio'] } },
      policy: POLICY,
      via: async (guard) => (gateHop = await startRecordingProxy(guard)).url,
    })
    run = await converse(s)
  })
  afterAll(async () => {
    await s?.close()
    await gateHop?.close()
  })

  it('converses normally with the stock server-everything', () => {
    expectConversation(run)
  })

  it('writes each accepted message to stdin as the signed bytes and one newline, and nothing else', async () => {
    const signed = await acceptedBodies(s, gateHop.seen)
    // initialize, initialized, list, echo, ping, unknownTop, sampling, samplingAnswer: all accepted.
    expect(signed).toHaveLength(8)
    const stdin = await readFile(join(dir, 'stdin'))
    expect(stdin.toString('utf8').split('\n').slice(0, -1)).toEqual(signed.map((b) => b.toString('utf8')))
    expect(stdin.equals(Buffer.concat(signed.flatMap((b) => [b, Buffer.from('\n')])))).toBe(true)
  })

  it('got the canonical form from the gate, not what the agent spelled', async () => {
    const signed = await acceptedBodies(s, gateHop.seen)
    expect(signed[0]?.toString()).toMatch(/^\{"id":1,"jsonrpc":"2\.0","method":"initialize","params":\{"_meta":/)
    expect(signed.map((b) => b.toString())).not.toContain(MESSAGES.initialize)
  })
})

describe('MCP over Streamable HTTP: the server receives exactly the verified bytes', () => {
  let s: McpStack
  let gateHop: RecordingProxy
  let serverHop: RecordingProxy
  let ev: Awaited<ReturnType<typeof startEverything>>
  let run: Run
  beforeAll(async () => {
    ev = await startEverything()
    serverHop = await startRecordingProxy(ev.url)
    s = await startMcpStack({
      server: 'every',
      executor: { mcp: { http: `${serverHop.url}/mcp` } },
      policy: POLICY,
      via: async (guard) => (gateHop = await startRecordingProxy(guard)).url,
    })
    run = await converse(s)
  })
  afterAll(async () => {
    await s?.close()
    await gateHop?.close()
    await serverHop?.close()
    await ev?.stop()
  })

  it('converses normally with the stock server-everything', () => {
    expectConversation(run)
  })

  it('posts each accepted message to the server as the signed bytes, and nothing else', async () => {
    const signed = await acceptedBodies(s, gateHop.seen)
    expect(signed).toHaveLength(8)
    const posted = serverHop.seen.filter((r) => r.method === 'POST')
    expect(posted.map((r) => r.body.toString('utf8'))).toEqual(signed.map((b) => b.toString('utf8')))
    expect(posted.every((r, i) => r.body.equals(signed[i] as Buffer))).toBe(true)
    expect(serverHop.seen.filter((r) => r.method === 'DELETE').map((r) => r.body.byteLength)).toEqual([0])
  })
})
