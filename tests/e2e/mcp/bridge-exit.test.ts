/**
 * `verbatim mcp-bridge` stops when its client closes stdin (issue 21 item 8), on its own: not when
 * the gate closes an idle connection or its GET stream. The gate here keeps idle connections for ten
 * minutes and the session's GET stream open, so a bridge that waited for either would outlive the
 * hang guard; no duration is asserted. A request still unanswered holds it (`printf … | mcp-bridge`
 * prints its answers), until SIGTERM, which a client sends a server that does not exit (MCP
 * lifecycle, stdio shutdown): that ends it at once, cleanly.
 */
import { spawn } from 'node:child_process'
import type { ChildProcessWithoutNullStreams } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MCP_TOKEN, startMcpStack } from '../../helpers/mcp-stack.js'
import type { McpStack } from '../../helpers/mcp-stack.js'
import { startRogue } from '../../helpers/mcp-rogue.js'
import type { Rogue } from '../../helpers/mcp-rogue.js'
import { BIN } from '../procs.js'

const POLICY = 'rules:\n  - { id: echo, effect: allow, agents: [coder], tools: ["mcp:rogue/tools/call/echo"] }\n'
const line = (m: unknown): string => `${JSON.stringify(m)}\n`

let rogue: Rogue
let s: McpStack

function launch(): { child: ChildProcessWithoutNullStreams; out: () => string; err: () => string; exited: Promise<number | null>; answered: (id: number) => Promise<void> } {
  const child = spawn(process.execPath, [BIN, 'mcp-bridge', '--gate', s.gate.url, '--server', 'rogue'], { env: { PATH: process.env.PATH ?? '', VERBATIM_TOKEN: MCP_TOKEN }, stdio: ['pipe', 'pipe', 'pipe'] })
  let out = ''
  let err = ''
  const waiters: Array<() => void> = []
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString()
    for (const w of waiters) w()
  })
  child.stderr.on('data', (d: Buffer) => (err += d.toString()))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  const answered = (id: number): Promise<void> => new Promise((resolve) => {
    const check = (): void => void (out.includes(`"id":${id}`) && resolve())
    waiters.push(check)
    check()
  })
  child.stdin.write(line({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 't', version: '1' } } }))
  child.stdin.write(line({ jsonrpc: '2.0', method: 'notifications/initialized' }))
  return { child, out: () => out, err: () => err, exited, answered }
}

/** The exit code, or 'hung' after a generous bound (a hang guard, not a timing assertion). */
async function exitOf(b: ReturnType<typeof launch>): Promise<number | null | 'hung'> {
  const code = await Promise.race([b.exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 30_000).unref())])
  if (code === 'hung') b.child.kill('SIGKILL')
  return code
}

beforeAll(async () => {
  rogue = await startRogue()
  s = await startMcpStack({ server: 'rogue', executor: { mcp: { http: rogue.url } }, policy: POLICY, gate: () => ({ limits: { idleTimeoutMs: 600_000 } }) })
})
afterAll(async () => {
  await s?.close()
  await rogue?.close()
})

describe('mcp-bridge at the end of its input', () => {
  it('exits 0 once stdin closes, while the gate is up and its session holds a GET stream', { timeout: 60_000 }, async () => {
    const b = launch()
    b.child.stdin.write(line({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'echo', arguments: { message: 'hi' } } }))
    await b.answered(2)
    // The session's GET stream is open at the server, through gate and guard.
    await rogue.streaming(rogue.sessions.at(-1) as string)
    b.child.stdin.end()
    expect({ code: await exitOf(b), err: b.err() }).toEqual({ code: 0, err: '' })
    expect(b.out()).toContain('Echo: hi')
    expect((await fetch(`${s.gate.url}/healthz`)).status).toBe(200)
  })

  it('ends at once and cleanly on SIGTERM with a request still unanswered after stdin closed', { timeout: 60_000 }, async () => {
    let release = (): void => undefined
    rogue.behaviour.hold = new Promise<void>((r) => (release = r))
    try {
      const b = launch()
      await b.answered(1)
      const listed = rogue.lists.length
      b.child.stdin.write(line({ jsonrpc: '2.0', id: 3, method: 'tools/list' }))
      await rogue.listed(listed + 1)
      b.child.stdin.end()
      b.child.kill('SIGTERM')
      expect(await exitOf(b)).toBe(0)
      expect(b.out()).not.toContain('"id":3')
    } finally {
      release()
      delete rogue.behaviour.hold
    }
  })
})
