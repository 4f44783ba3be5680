/**
 * The stdio MCP executor behind the guard, on a real socket with the stock server-everything as its
 * children: per-agent session quotas and idle expiry (the clock injected), and the rule that the
 * child's stdin receives nothing but verified bytes, whatever the SDK transport does.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { canonicalBytes } from '../../src/canonical/index.js'
import { sign } from './helpers.js'
import { CRASHING, EVERYTHING, INITIALIZE, INITIALIZED, PROTOCOL, TAP, gone, startMcpGuard } from './mcp-helpers.js'
import type { McpGuard } from './mcp-helpers.js'

const CALL = '{"id":7,"jsonrpc":"2.0","method":"tools/call","params":{"arguments":{"message":"hi"},"name":"echo"}}'
const canonical = (s: string): string => new TextDecoder().decode(canonicalBytes(new TextEncoder().encode(s)).bytes)

let now = 0
let dir: string
let g: McpGuard
/** Every exchange the guard answered has closed on its side too (it hears of a closed response a moment after the client). */
const settled = async (): Promise<void> => {
  while (g.executor.sessions().some((s) => s.exchanges > 0)) await new Promise((r) => setTimeout(r, 10))
}
const stdin = async (): Promise<string[]> => (await readFile(join(dir, 'stdin'), 'utf8')).split('\n').slice(0, -1)

beforeEach(async () => {
  now = 1_800_000_000_000
  dir = await mkdtemp(join(tmpdir(), 'verbatim-mcp-stdio-'))
  await writeFile(join(dir, 'stdin'), '')
})
afterEach(async () => g?.close())

const start = async (cfg: { maxSessions?: number; maxSessionsPerAgent?: number; sessionIdleSeconds?: number } = {}): Promise<McpGuard> =>
  (g = await startMcpGuard({ command: [process.execPath, TAP, join(dir, 'stdin'), EVERYTHING, 'stdio'], ...cfg }, () => now))

describe('stdio MCP guard: per-agent session quotas', () => {
  it('refuses an agent at its quota with 503 ERR_GUARD_EXECUTOR_BUSY and Retry-After, while another agent still opens sessions', async () => {
    await start({ maxSessions: 5, maxSessionsPerAgent: 2 })
    const a = [await g.open('agent-a'), await g.open('agent-a')]
    expect(a.map((x) => x.answer.status)).toEqual([200, 200])
    const third = await g.open('agent-a')
    expect(third.answer.status).toBe(503)
    expect(JSON.parse(third.answer.text)).toMatchObject({ code: 'ERR_GUARD_EXECUTOR_BUSY' })
    expect(third.answer.headers.get('retry-after')).toMatch(/^[1-9]\d*$/)
    const b = [await g.open('agent-b'), await g.open('agent-b')]
    expect(b.map((x) => x.answer.status)).toEqual([200, 200])
    expect(g.executor.sessions().map((s) => s.agent).sort()).toEqual(['agent-a', 'agent-a', 'agent-b', 'agent-b'])
  })

  it('counts sessions still starting: a burst of initializes from one agent gets exactly its quota', async () => {
    await start({ maxSessionsPerAgent: 2 })
    const burst = await Promise.all([1, 2, 3, 4, 5, 6].map(() => g.post(INITIALIZE, { agent: 'agent-a' })))
    expect(burst.map((a) => a.status).sort()).toEqual([200, 200, 503, 503, 503, 503])
    expect(g.executor.sessions()).toHaveLength(2)
  })

  it('still bounds all sessions together with maxSessions', async () => {
    await start({ maxSessions: 2, maxSessionsPerAgent: 2 })
    expect((await g.open('agent-a')).answer.status).toBe(200)
    expect((await g.open('agent-b')).answer.status).toBe(200)
    const c = await g.open('agent-c')
    expect([c.answer.status, (JSON.parse(c.answer.text) as { code: string }).code]).toEqual([503, 'ERR_GUARD_EXECUTOR_BUSY'])
  })

  it("answers a session only to the agent that opened it: another agent's request gets 404 and never reaches the child", async () => {
    await start()
    const { session } = await g.open('agent-a')
    const r = await g.post(CALL, { agent: 'agent-b', session: session ?? '' })
    expect(r.status).toBe(404)
    expect(JSON.parse(r.text)).toMatchObject({ error: { code: -32001 } })
    // The owner's call is answered, so the child has read everything written before it.
    const own = await g.post(CALL, { agent: 'agent-a', session: session ?? '' })
    expect([own.status, own.text.includes('Echo: hi')]).toEqual([200, true])
    expect(await stdin()).toEqual([INITIALIZE, INITIALIZED, CALL].map(canonical))
  })
})

describe('stdio MCP guard: idle sessions expire', () => {
  it('closes a session idle for sessionIdleSeconds, stops its child, answers its next request 404, and frees the slot', async () => {
    await start({ maxSessionsPerAgent: 2, sessionIdleSeconds: 60 })
    const a1 = await g.open('agent-a')
    const a2 = await g.open('agent-a')
    expect((await g.open('agent-a')).answer.status).toBe(503)
    const pids = g.executor.sessions().map((s) => s.pid)
    await settled()
    now += 59_999
    expect(await g.executor.expireIdle()).toBe(0)
    expect((await g.post(CALL, { agent: 'agent-a', session: a2.session ?? '' })).status).toBe(200)
    await settled()
    now += 1
    // a1 has been idle 60 s; a2 was used a moment ago.
    expect(await g.executor.expireIdle()).toBe(1)
    expect(gone(pids[0])).toBe(true)
    expect(gone(pids[1])).toBe(false)
    const expired = await g.post(CALL, { agent: 'agent-a', session: a1.session ?? '' })
    expect([expired.status, (JSON.parse(expired.text) as { error: { code: number } }).error.code]).toEqual([404, -32001])
    expect((await g.open('agent-a')).answer.status).toBe(200)
  })

  it('expires a session found idle when a request names it, without waiting for a sweep', async () => {
    await start({ sessionIdleSeconds: 60 })
    const a = await g.open('agent-a')
    await settled()
    now += 60_000
    expect((await g.post(CALL, { agent: 'agent-a', session: a.session ?? '' })).status).toBe(404)
    expect(g.executor.sessions()).toEqual([])
  })

  it('keeps a session whose event stream is open, however long nothing is said on it', async () => {
    await start({ sessionIdleSeconds: 60 })
    const a = await g.open('agent-a')
    const abort = new AbortController()
    const stream = await g.send('GET', '', { agent: 'agent-a', session: a.session ?? '', signal: abort.signal })
    expect(stream.status).toBe(200)
    now += 3_600_000
    expect(await g.executor.expireIdle()).toBe(0)
    abort.abort()
    // The guard sees the stream close when the socket does; the idle time counts from then.
    await settled()
    now += 59_999
    expect(await g.executor.expireIdle()).toBe(0)
    now += 1
    expect(await g.executor.expireIdle()).toBe(1)
    expect(g.executor.sessions()).toEqual([])
  })
})

describe('stdio MCP guard: a child that dies', () => {
  it('ends its session: the request in flight gets no answer, the next request 404, and a new session a new child', async () => {
    g = await startMcpGuard({ command: [process.execPath, CRASHING] }, () => now)
    const { session } = await g.open('agent-a')
    const pid = g.executor.sessions()[0]?.pid
    const crash = await g.post('{"id":2,"jsonrpc":"2.0","method":"tools/call","params":{"arguments":{},"name":"crash"}}', { agent: 'agent-a', session: session ?? '' })
    expect(crash.text).not.toContain('"id":2')
    expect(gone(pid)).toBe(true)
    expect((await g.post(CALL, { agent: 'agent-a', session: session ?? '' })).status).toBe(404)
    const next = await g.open('agent-a')
    expect(next.answer.status).toBe(200)
    expect(g.executor.sessions().map((s) => s.pid)).not.toContain(pid)
    expect((await g.post(CALL, { agent: 'agent-a', session: next.session ?? '' })).text).toContain('Echo: hi')
  })
})

describe('stdio MCP guard: the child reads only verified bytes', () => {
  it('writes each verified message as its bytes and a newline; the transport refusing a POST writes nothing and leaves no child', async () => {
    await start()
    const refused = await g.post(INITIALIZE, { agent: 'agent-a', accept: 'application/json' })
    expect(refused.status).toBe(406)
    while (g.executor.sessions().length > 0) await new Promise((r) => setImmediate(r))
    const { session } = await g.open('agent-a')
    expect((await g.post(CALL, { agent: 'agent-a', session: session ?? '' })).status).toBe(200)
    expect(await stdin()).toEqual([INITIALIZE, INITIALIZED, CALL].map(canonical))
  })

  it('writes each of many concurrent messages on one session once, as its own bytes, and answers each on its own stream', async () => {
    await start()
    const { session } = await g.open('agent-a')
    const calls = [10, 11, 12, 13, 14, 15].map((id) => `{"id":${id},"jsonrpc":"2.0","method":"tools/call","params":{"arguments":{"message":"m-${id}"},"name":"echo"}}`)
    const answers = await Promise.all(calls.map((c) => g.post(c, { agent: 'agent-a', session: session ?? '' })))
    answers.forEach((a, i) => expect([a.status, a.text.includes(`Echo: m-${10 + i}`), a.text.includes(`"id":${10 + i}`)]).toEqual([200, true, true]))
    const lines = await stdin()
    expect(lines.slice(0, 2)).toEqual([INITIALIZE, INITIALIZED].map(canonical))
    expect(lines.slice(2).sort()).toEqual(calls.map(canonical).sort())
  })

  it('refuses a batch before the executor, and ends a session on DELETE without writing to the child', async () => {
    await start()
    const { session } = await g.open('agent-a')
    const pid = g.executor.sessions()[0]?.pid
    // Signed as a gate would sign it, were it to: the guard's own parse refuses it (docs/binding.md §13.4, step 9c).
    const signed = sign({ body: `[${canonical(CALL)}]`, path: '/mcp', now: Math.floor(Date.now() / 1000), decision: { agent: 'agent-a', tool: 'mcp:every/tools/call/echo', session: session ?? '', protocol: PROTOCOL } })
    const batch = await fetch(`${g.url}/mcp`, { method: 'POST', headers: { ...signed.headers, accept: 'application/json, text/event-stream', 'mcp-session-id': session ?? '', 'mcp-protocol-version': PROTOCOL }, body: signed.body })
    expect([batch.status, ((await batch.json()) as { code: string }).code]).toEqual([403, 'ERR_GUARD_TARGET_MISMATCH'])
    const del = await g.send('DELETE', '', { agent: 'agent-a', session: session ?? '' })
    expect(del.status).toBe(200)
    while (!gone(pid)) await new Promise((r) => setTimeout(r, 10))
    expect(await stdin()).toEqual([INITIALIZE, INITIALIZED].map(canonical))
    expect((await g.post(CALL, { agent: 'agent-a', session: session ?? '' })).status).toBe(404)
  })
})
