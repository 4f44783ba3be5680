/**
 * The stdio MCP executor at the stateless revision 2026-07-28, on a real socket, with the Python SDK's server
 * (mcp 2.3.0) as its children behind a tap on their stdin: each agent's requests share that agent's children and
 * never another agent's; requests whose ids would collide get another child; every child gets exactly the verified
 * bytes; a request the gate abandoned retires its child, which is closed once nothing live runs there; the caps and
 * idle expiry count these children as sessions.
 */
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { canonicalBytes } from '../../src/canonical/index.js'
import { MCP_PYTHON_DIR, requireMcpPython } from '../helpers/python-mcp.js'
import { gone, startMcpGuard } from './mcp-helpers.js'
import type { McpGuard } from './mcp-helpers.js'

const REV = '2026-07-28'
const META = { 'io.modelcontextprotocol/protocolVersion': REV, 'io.modelcontextprotocol/clientCapabilities': {} }
const call = (id: number | string, name: string, args: Record<string, unknown>, meta: Record<string, unknown> = {}): string =>
  JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params: { _meta: { ...META, ...meta }, name, arguments: args } })
const canonical = (s: string): string => new TextDecoder().decode(canonicalBytes(new TextEncoder().encode(s)).bytes)

let now = 0
let dir: string
let g: McpGuard
const stdin = async (): Promise<string[]> => (await readFile(join(dir, 'stdin'), 'utf8').catch(() => '')).split('\n').slice(0, -1)
const children = (): ReturnType<McpGuard['executor']['sessions']> => g.executor.sessions().filter((x) => x.stateless === true)
/** Waits for a state to hold; the test's own timeout bounds it. */
const until = async (ok: () => boolean | Promise<boolean>): Promise<void> => {
  while (!(await ok())) await new Promise((r) => setTimeout(r, 10))
}

beforeEach(async () => {
  now = 1_800_000_000_000
  dir = await mkdtemp(join(tmpdir(), 'verbatim-mcp-stateless-'))
  await writeFile(join(dir, 'stdin'), '')
})
afterEach(async () => g?.close())

const start = async (cfg: { maxSessions?: number; maxSessionsPerAgent?: number; sessionIdleSeconds?: number } = {}): Promise<McpGuard> => {
  // A tee records every byte the child's stdin gets, ahead of the Python server reading the same stream.
  const command = ['/bin/sh', '-c', 'tee -a "$0" | exec "$1" "$2" stdio', join(dir, 'stdin'), requireMcpPython(), join(MCP_PYTHON_DIR, 'server.py')]
  return (g = await startMcpGuard({ command, ...cfg }, () => now))
}
const post = (body: string, agent = 'agent-a'): ReturnType<McpGuard['post']> => g.post(body, { agent, protocol: REV })

describe('stdio MCP guard at 2026-07-28', () => {
  it('answers each request on its own exchange, from one child per agent, with exactly the verified bytes on its stdin', async () => {
    await start()
    const a1 = await post(call(1, 'echo', { message: 'one' }))
    const a2 = await post(call(2, 'echo', { message: 'two' }))
    const b1 = await post(call(1, 'echo', { message: 'bee' }), 'agent-b')
    expect([a1.status, a1.headers.get('content-type')]).toEqual([200, 'application/json'])
    expect(JSON.parse(a1.text)).toMatchObject({ id: 1, result: { content: [{ type: 'text', text: 'Echo: one' }] } })
    expect(JSON.parse(a2.text)).toMatchObject({ id: 2, result: { content: [{ text: 'Echo: two' }] } })
    expect(JSON.parse(b1.text)).toMatchObject({ id: 1, result: { content: [{ text: 'Echo: bee' }] } })
    expect(children().map((c) => c.agent).sort()).toEqual(['agent-a', 'agent-b'])
    // No session id is handed out at this revision.
    expect(a1.headers.get('mcp-session-id')).toBeNull()
    const lines = await stdin()
    expect(lines.sort()).toEqual([call(1, 'echo', { message: 'one' }), call(2, 'echo', { message: 'two' }), call(1, 'echo', { message: 'bee' })].map(canonical).sort())
  })

  it('gives a request whose id is in flight on the agent\'s child another child, so that no answer has two requests', async () => {
    await start()
    const file = join(dir, 'release')
    const held = g.send('POST', call(5, 'wait_for', { path: file }), { agent: 'agent-a', protocol: REV })
    await until(async () => (await stdin()).length === 1)
    const same = await post(call(5, 'echo', { message: 'same id' }))
    expect(JSON.parse(same.text)).toMatchObject({ id: 5, result: { content: [{ text: 'Echo: same id' }] } })
    expect(children().filter((c) => c.agent === 'agent-a')).toHaveLength(2)
    await writeFile(file, '')
    expect(JSON.parse(await (await held).text())).toMatchObject({ id: 5, result: { content: [{ text: 'done' }] } })
  })

  it('streams progress on the request that asked for it, then its answer', async () => {
    await start()
    const r = await post(call(3, 'steps', { n: 2 }, { progressToken: 'p-3' }))
    expect([r.status, r.headers.get('content-type')]).toEqual([200, 'text/event-stream'])
    const events = r.text.split('\n\n').filter((e) => e !== '').map((e) => JSON.parse(e.replace(/^event: message\ndata: /, '')) as { method?: string; id?: number; params?: { progress?: number } })
    expect(events.map((e) => e.method ?? `answer ${e.id}`)).toEqual(['notifications/progress', 'notifications/progress', 'answer 3'])
    expect(events.map((e) => e.params?.progress ?? null)).toEqual([1, 2, null])
  })

  it('retires a child whose request the gate abandoned, and closes it once nothing live runs there', async () => {
    await start()
    const file = join(dir, 'never')
    const abort = new AbortController()
    const held = g.send('POST', call(9, 'wait_for', { path: file }), { agent: 'agent-a', protocol: REV, signal: abort.signal }).catch(() => 'aborted')
    await until(async () => (await stdin()).length === 1)
    const first = children()[0]?.pid
    abort.abort()
    expect(await held).toBe('aborted')
    // The abandoned call may still run in that child; the next request goes to a new one, and the old one is closed.
    const next = await post(call(10, 'echo', { message: 'fresh' }))
    expect(JSON.parse(next.text)).toMatchObject({ id: 10, result: { content: [{ text: 'Echo: fresh' }] } })
    await until(() => gone(first))
    expect(children().map((c) => c.pid)).not.toContain(first)
    expect(existsSync(file)).toBe(false)
  })

  it('counts these children against the caps: an agent at maxSessionsPerAgent is refused 503 ERR_GUARD_EXECUTOR_BUSY', async () => {
    await start({ maxSessionsPerAgent: 1 })
    const file = join(dir, 'release')
    const held = g.send('POST', call(1, 'wait_for', { path: file }), { agent: 'agent-a', protocol: REV })
    await until(async () => (await stdin()).length === 1)
    const busy = await post(call(1, 'echo', { message: 'x' }))
    expect([busy.status, JSON.parse(busy.text).code]).toEqual([503, 'ERR_GUARD_EXECUTOR_BUSY'])
    expect((await post(call(1, 'echo', { message: 'b' }), 'agent-b')).status).toBe(200)
    await writeFile(file, '')
    expect((await held).status).toBe(200)
  })

  it('closes a child that stayed idle for the idle time (the clock injected)', async () => {
    await start({ sessionIdleSeconds: 60 })
    expect((await post(call(1, 'echo', { message: 'x' }))).status).toBe(200)
    const pid = children()[0]?.pid
    now += 59_000
    expect(await g.executor.expireIdle()).toBe(0)
    now += 1_000
    expect(await g.executor.expireIdle()).toBe(1)
    expect(children()).toEqual([])
    await until(() => gone(pid))
  })
})
