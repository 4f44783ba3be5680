/**
 * The lifetime of an MCP GET stream through gate and guard: an agent that leaves before the
 * stream's head arrives leaves nothing open behind it (the guard's stream, the server's), and a gate
 * told to stop ends its open GET streams at once instead of waiting out its grace for them (issue 21
 * item 3: a gate with an open GET stream took 11.9 s to stop). No duration is asserted: the grace is
 * ten minutes, and a hang guard of 30 s stands for "never".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MCP_TOKEN, ROOT, startMcpStack } from '../../helpers/mcp-stack.js'
import type { McpStack } from '../../helpers/mcp-stack.js'
import { hangGuard, openRawGet, rawGetHead, rawMcpSession } from '../../helpers/mcp-raw.js'
import { startRogue } from '../../helpers/mcp-rogue.js'
import type { Rogue } from '../../helpers/mcp-rogue.js'

/** A stdio MCP server built on the SDK (its echo tool answers), as the guard runs one per session. */
const ECHO_SERVER = `${ROOT}tests/e2e/fixtures/crashing-mcp-server.mjs`
const POLICY = 'rules:\n  - { id: echo, effect: allow, agents: [coder], tools: ["mcp:rogue/tools/call/echo"] }\n'
const INIT = JSON.stringify({ jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } })

let rogue: Rogue
const stacks: McpStack[] = []

beforeAll(async () => {
  rogue = await startRogue()
})
afterAll(async () => {
  for (const s of stacks) await s.close().catch(() => undefined)
  await rogue?.close()
})

async function stack(): Promise<McpStack> {
  const s = await startMcpStack({ server: 'rogue', executor: { mcp: { http: rogue.url } }, policy: POLICY })
  stacks.push(s)
  return s
}

/** A session of its own, initialized; resolves with its id. */
async function session(s: McpStack): Promise<string> {
  const raw = rawMcpSession(s.endpoint, MCP_TOKEN)
  expect((await raw.post(INIT)).status).toBe(200)
  await raw.post(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }))
  return raw.sessionId as string
}

/** Opens the session's GET stream on a socket of its own; returns the socket. */
const openGet = (s: McpStack, sid: string): ReturnType<typeof openRawGet> => openRawGet(s.gate.port, '/mcp/rogue', MCP_TOKEN, sid)

describe('MCP GET streams through gate and guard', () => {
  it("closes the server's stream when the agent left before the stream's head came", { timeout: 60_000 }, async () => {
    const s = await stack()
    const sid = await session(s)
    let release = (): void => undefined
    rogue.behaviour.holdGet = new Promise<void>((r) => (release = r))
    try {
      const before = s.gate.connections.open
      const socket = openGet(s, sid)
      await rogue.got(1)
      const closed = rogue.getClosed(sid)
      socket.destroy()
      // The gate has seen the agent leave before the head is written.
      while (s.gate.connections.open > before) await new Promise((r) => setTimeout(r, 10))
      release()
      // Before: the gate relayed the head into a closed response and kept the guard's stream (and the server's) open for ever.
      expect(await hangGuard(closed)).toBeUndefined()
    } finally {
      release()
      delete rogue.behaviour.holdGet
    }
  })

  it('a gate told to stop ends its open GET streams at once, and the agent sees its stream end', { timeout: 60_000 }, async () => {
    const s = await stack()
    const sid = await session(s)
    const { head, ended } = await rawGetHead(openGet(s, sid))
    expect(head).toMatch(/^HTTP\/1\.1 200 /)
    await rogue.streaming(sid)
    // Before: close waited out its grace (here ten minutes) for the stream, which holds no call.
    expect(await hangGuard(s.gate.close({ graceMs: 600_000 }))).toBeUndefined()
    expect(await hangGuard(ended)).toBeUndefined()
  })

  it('a guard told to stop ends the GET streams it relays at once: its server on loopback, and a stdio server', { timeout: 60_000 }, async () => {
    // Before: the guard's close waited out its grace for the gate's GET stream; the docs' stdio guard was killed at 10 s ("guard exited null on SIGTERM").
    const stdio = await startMcpStack({ server: 'rogue', executor: { mcp: { command: [process.execPath, ECHO_SERVER] } }, policy: POLICY })
    stacks.push(stdio)
    for (const s of [await stack(), stdio]) {
      const sid = await session(s)
      const { head, ended } = await rawGetHead(openGet(s, sid))
      expect(head).toMatch(/^HTTP\/1\.1 200 /)
      expect(await hangGuard(s.guard.close({ graceMs: 600_000 }))).toBeUndefined()
      // The gate ends the agent's stream with the guard's.
      expect(await hangGuard(ended)).toBeUndefined()
    }
  })
})
