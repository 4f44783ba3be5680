/**
 * `verbatim serve --workers 2` serving MCP (issue 21 item 3): the workers share their sessions,
 * outstanding requests and learned tool headers through Redis, so the official TypeScript SDK
 * client works whichever worker each of its connections reaches, even when an answer comes back on
 * the GET stream that the other worker relays. With the sessions in memory, --workers refuses
 * mcp.servers. A redis-server of this test's own; every request of the client on a new connection,
 * so the primary hands them to both workers in turn.
 */
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Agent, fetch as undiciFetch } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js'
import { parseRecords, readLogFiles, readRecords, verifyPath } from '../../src/audit/index.js'
import { generateKeyPair, writeKeyFiles } from '../../src/binding/index.js'
import { checkGuardConfig, startGuard } from '../../src/guard/index.js'
import type { GuardHandle } from '../../src/guard/index.js'
import { BIN, start } from '../e2e/procs.js'
import { earlierRun } from '../helpers/guard-log.js'
import { startRogue } from '../helpers/mcp-rogue.js'
import type { Rogue } from '../helpers/mcp-rogue.js'
import { startRedis } from '../helpers/redis-server.js'
import type { RedisServer } from '../helpers/redis-server.js'

const TOKEN = 'workers-mcp-token-0123456789abcdef'

let dir = ''
let rogue: Rogue
let redis: RedisServer
let guard: GuardHandle
let gk: Awaited<ReturnType<typeof writeKeyFiles>>
let uk: Awaited<ReturnType<typeof writeKeyFiles>>

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'verbatim-workers-mcp-'))
  rogue = await startRogue({ toolsList: 'on-get' })
  redis = await startRedis()
  gk = await writeKeyFiles(join(dir, 'gate-keys'), await generateKeyPair())
  uk = await writeKeyFiles(join(dir, 'guard-keys'), await generateKeyPair())
  await earlierRun(join(dir, 'executed'), 'rogue-1')
  guard = await startGuard(checkGuardConfig({
    listen: { port: 0 }, audience: 'rogue-1', keys: { jwksFile: gk.jwksPath }, audit: { dir: join(dir, 'executed') },
    signing: { keyFile: uk.privatePath }, executor: { mcp: { http: rogue.url } },
  }), { log: () => undefined })
  await writeFile(join(dir, 'p.yaml'), 'rules:\n  - { id: echo, effect: allow, agents: [coder], tools: ["mcp:rogue/tools/call/echo"] }\n')
})
afterAll(async () => {
  await guard?.close()
  await rogue?.close()
  await redis?.stop()
})

async function config(store: string): Promise<string> {
  const file = join(dir, `verbatim-${store === 'memory' ? 'memory' : 'redis'}.yaml`)
  await writeFile(file, `listen: { host: 127.0.0.1, port: 0 }
policies: [p.yaml]
agents: [{ id: coder, token: { env: W_TOKEN } }]
upstreams: [{ name: rogue-guard, url: ${JSON.stringify(guard.url)}, audience: rogue-1, receipts: { jwksFile: ${JSON.stringify(uk.jwksPath)} } }]
mcp:
  servers: [{ name: rogue, upstream: rogue-guard }]
  sessions: { store: ${store} }
signing: { keyFile: ${JSON.stringify(gk.privatePath)} }
audit: { dir: audit }
probe: { intervalMs: 0 }
`)
  return file
}

/** Every request on a connection of its own, closed after it. */
const freshConnections: FetchLike = async (url, init) => {
  const dispatcher = new Agent({ pipelining: 0 })
  const res = await undiciFetch(url as string, { ...(init as object), dispatcher } as Parameters<typeof undiciFetch>[1])
  return res as unknown as Response
}

describe('serve --workers 2 with mcp.servers', () => {
  it('serves one SDK session from both workers, answers relayed across them, with sessions in Redis', { timeout: 90_000 }, async () => {
    const gate = start(BIN, ['serve', '--config', await config(`{ redis: ${JSON.stringify(redis.url)} }`), '--workers', '2'], { W_TOKEN: TOKEN })
    try {
      const url = (await gate.waitFor(/listening on (http:\/\/\S+) \(2 workers\)/))[1] ?? ''
      const client = new Client({ name: 'workers', version: '1' })
      const transport = new StreamableHTTPClientTransport(new URL(`${url}/mcp/rogue`), { requestInit: { headers: { authorization: `Bearer ${TOKEN}` } }, fetch: freshConnections })
      await client.connect(transport)
      // tools/list is answered on the session's GET stream: relayed by whichever worker holds it.
      for (let i = 0; i < 6; i++) expect((await client.listTools()).tools.map((t) => t.name)).toEqual(['echo'])
      for (let i = 0; i < 4; i++) expect((await client.callTool({ name: 'echo', arguments: { message: `n${i}` } })).content).toEqual([{ type: 'text', text: `Echo: n${i}` }])
      await client.close()
      expect(await gate.stop('SIGTERM')).toBe(0)
    } finally {
      await gate.stop('SIGKILL')
    }
    const audit = join(dir, 'audit')
    for (const r of (await verifyPath(audit)).values()) expect(r.faults).toEqual([])
    // Both workers took some of the session's lists (answered on the GET stream, which one of them holds), so some answers crossed from one to the other; none was withheld.
    const listedBy = new Map([...await readLogFiles(audit)].map(([proc, files]) => [proc, files.flatMap((f) => parseRecords(f.text)).filter((r) => r.type === 'decision' && r.tool === 'mcp:rogue/tools/list').length]))
    expect([...listedBy.keys()].sort()).toEqual(['gate.1', 'gate.2'])
    expect([...listedBy.values()].every((n) => n > 0)).toBe(true)
    expect((await readRecords(audit)).filter((r) => r.type === 'decision' && r.verdict === 'reject')).toEqual([])
  })

  it('serves one federated /mcp session of two servers from both workers, with sessions in Redis', { timeout: 90_000 }, async () => {
    const rogueB = await startRogue()
    await earlierRun(join(dir, 'executed-fed'), 'rogue-1')
    const guardB = await startGuard(checkGuardConfig({
      listen: { port: 0 }, audience: 'rogue-1', keys: { jwksFile: gk.jwksPath }, audit: { dir: join(dir, 'executed-fed') },
      signing: { keyFile: uk.privatePath }, executor: { mcp: { http: rogueB.url } },
    }), { log: () => undefined })
    const file = join(dir, 'verbatim-federated.yaml')
    await writeFile(join(dir, 'p-fed.yaml'), 'rules:\n  - { id: echo, effect: allow, agents: [coder], tools: ["mcp:a/tools/call/echo", "mcp:b/tools/call/echo"] }\n')
    await writeFile(file, `listen: { host: 127.0.0.1, port: 0 }
policies: [p-fed.yaml]
agents: [{ id: coder, token: { env: W_TOKEN } }]
upstreams: [{ name: g, url: ${JSON.stringify(guardB.url)}, audience: rogue-1, receipts: { jwksFile: ${JSON.stringify(uk.jwksPath)} } }]
mcp:
  servers: [{ name: a, upstream: g }, { name: b, upstream: g }]
  federation: {}
  sessions: { store: { redis: ${JSON.stringify(redis.url)}, prefix: "fed-workers:" } }
signing: { keyFile: ${JSON.stringify(gk.privatePath)} }
audit: { dir: audit-fed }
probe: { intervalMs: 0 }
`)
    const gate = start(BIN, ['serve', '--config', file, '--workers', '2'], { W_TOKEN: TOKEN })
    try {
      const url = (await gate.waitFor(/listening on (http:\/\/\S+) \(2 workers\)/))[1] ?? ''
      const client = new Client({ name: 'workers', version: '1' })
      const transport = new StreamableHTTPClientTransport(new URL(`${url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${TOKEN}` } }, fetch: freshConnections })
      await client.connect(transport)
      for (let i = 0; i < 4; i++) expect((await client.listTools()).tools.map((t) => t.name)).toEqual(['a__echo', 'b__echo'])
      for (let i = 0; i < 4; i++) {
        for (const server of ['a', 'b']) expect((await client.callTool({ name: `${server}__echo`, arguments: { message: `n${i}` } })).content).toEqual([{ type: 'text', text: `Echo: n${i}` }])
      }
      await client.close()
      expect(await gate.stop('SIGTERM')).toBe(0)
    } finally {
      await gate.stop('SIGKILL')
      await guardB.close()
      await rogueB.close()
    }
    const audit = join(dir, 'audit-fed')
    for (const r of (await verifyPath(audit)).values()) expect(r.faults).toEqual([])
    // Both workers served calls of the one federated session, each under its server's name.
    const calledBy = new Map([...await readLogFiles(audit)].map(([proc, files]) => [proc, files.flatMap((f) => parseRecords(f.text)).filter((r) => r.type === 'decision' && String(r.tool).endsWith('/tools/call/echo')).length]))
    expect([...calledBy.keys()].sort()).toEqual(['gate.1', 'gate.2'])
    expect([...calledBy.values()].every((n) => n > 0)).toBe(true)
    const records = await readRecords(audit)
    expect(records.filter((r) => r.type === 'decision' && r.verdict === 'reject')).toEqual([])
    expect(new Set(records.filter((r) => r.type === 'decision' && String(r.tool).endsWith('/tools/call/echo')).map((r) => r.tool))).toEqual(new Set(['mcp:a/tools/call/echo', 'mcp:b/tools/call/echo']))
  })

  it('refuses to start workers for mcp.servers with the sessions in memory, and says what to set', { timeout: 60_000 }, async () => {
    const gate = start(BIN, ['serve', '--config', await config('memory'), '--workers', '2'], { W_TOKEN: TOKEN })
    const code = await new Promise<number | null>((resolve) => gate.child.once('exit', resolve))
    expect(code).toBe(2)
    expect(gate.output()).toMatch(/mcp\.sessions\.store.*--workers above 1 serve mcp\.servers only with a shared session store/s)
  })
})
