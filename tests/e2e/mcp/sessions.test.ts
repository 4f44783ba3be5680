/**
 * The gate's MCP session table under an agent that opens sessions without end: each agent has its
 * own cap (its own oldest idle session goes first, never another agent's), a full table refuses new
 * sessions with 503 and Retry-After instead of evicting anyone, and an idle session expires on the
 * injected clock while one with an open stream does not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MCP_TOKEN, OTHER_TOKEN, startMcpStack } from '../../helpers/mcp-stack.js'
import type { McpStack } from '../../helpers/mcp-stack.js'
import { startRogue } from '../../helpers/mcp-rogue.js'
import type { Rogue } from '../../helpers/mcp-rogue.js'
import { createMcpSessionStore } from '../../../src/gate/mcp/sessions.js'

const POLICY = 'rules:\n  - { id: echo, effect: allow, agents: [coder, other], tools: ["mcp:rogue/tools/call/echo"] }\n'
const BASE = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }
const INIT = JSON.stringify({ jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } })

let rogue: Rogue
const stacks: McpStack[] = []

beforeAll(async () => {
  rogue = await startRogue()
})
afterAll(async () => {
  for (const s of stacks) await s.close()
  await rogue?.close()
})

async function stack(sessions: Record<string, unknown>): Promise<McpStack> {
  const s = await startMcpStack({ server: 'rogue', executor: { mcp: { http: rogue.url } }, policy: POLICY, sessions })
  stacks.push(s)
  return s
}

/** An initialize on its own (no GET stream: the session is idle once it is answered). */
async function open(s: McpStack, token: string): Promise<{ status: number; sid: string | null; code: string | undefined; retryAfter: string | null }> {
  const res = await fetch(s.endpoint, { method: 'POST', headers: { ...BASE, authorization: `Bearer ${token}` }, body: INIT })
  const v = (await res.json()) as { code?: string; error?: { data?: { code?: string } } }
  return { status: res.status, sid: res.headers.get('mcp-session-id'), code: v.code ?? v.error?.data?.code, retryAfter: res.headers.get('retry-after') }
}

/** tools/list in a session: 200 with the filtered list, or the refusal's status and code. */
async function list(s: McpStack, token: string, sid: string, id = 1): Promise<{ status: number; code: string | undefined; tools: string[] }> {
  const res = await fetch(s.endpoint, {
    method: 'POST',
    headers: { ...BASE, authorization: `Bearer ${token}`, 'mcp-session-id': sid, 'mcp-protocol-version': '2025-11-25' },
    body: JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/list' }),
  })
  const v = (await res.json()) as { code?: string; result?: { tools: Array<{ name: string }> } }
  return { status: res.status, code: v.code, tools: v.result?.tools.map((t) => t.name) ?? [] }
}

describe('MCP session table: per-agent caps, a global cap, idle expiry', () => {
  it("an agent opening session after session evicts only its own, never another agent's", async () => {
    const s = await stack({ max: 100, maxPerAgent: 2 })
    const { client } = await s.connect(MCP_TOKEN)
    const theirs: string[] = []
    for (let i = 0; i < 6; i++) {
      const r = await open(s, OTHER_TOKEN)
      expect(r.status).toBe(200)
      theirs.push(r.sid as string)
    }
    // The other agent's next call still succeeds: its session was never at stake.
    expect((await client.listTools()).tools.map((t) => t.name)).toEqual(['echo'])
    const alive = await Promise.all(theirs.map(async (sid, i) => (await list(s, OTHER_TOKEN, sid, 10 + i)).status))
    expect(alive).toEqual([404, 404, 404, 404, 200, 200])
    expect((await list(s, OTHER_TOKEN, theirs[0] as string, 20)).code).toBe('ERR_MCP_SESSION')
  })

  it("refuses a new session with 503 and Retry-After when the table is full, before the server sees it", async () => {
    const s = await stack({ max: 3, maxPerAgent: 3 })
    const mine = [await open(s, MCP_TOKEN), await open(s, MCP_TOKEN), await open(s, MCP_TOKEN)]
    expect(mine.map((r) => r.status)).toEqual([200, 200, 200])
    const handedOut = rogue.sessions.length
    const full = await open(s, OTHER_TOKEN)
    expect([full.status, full.code, full.sid]).toEqual([503, 'ERR_MCP_SESSIONS_FULL', null])
    expect(Number(full.retryAfter)).toBeGreaterThanOrEqual(1)
    expect(rogue.sessions.length).toBe(handedOut)
    for (const [i, r] of mine.entries()) expect((await list(s, MCP_TOKEN, r.sid as string, 30 + i)).tools).toEqual(['echo'])
    const refused = (await s.approved()).filter((r) => r.type === 'decision' && r.code === 'ERR_MCP_SESSIONS_FULL')
    expect(refused.map((r) => [r.agent, r.verdict])).toEqual([['other', 'reject']])
  })

  it('refuses with 429 an agent at its cap whose sessions are all busy, and evicts an idle one once they are not', async () => {
    const s = await stack({ max: 100, maxPerAgent: 1 })
    const first = await open(s, MCP_TOKEN)
    let release!: () => void
    rogue.behaviour = { hold: new Promise<void>((r) => (release = r)) }
    const held = list(s, MCP_TOKEN, first.sid as string, 40)
    await rogue.listed(rogue.lists.length + 1)
    const busy = await open(s, MCP_TOKEN)
    expect([busy.status, busy.code]).toEqual([429, 'ERR_MCP_SESSION_QUOTA'])
    expect(Number(busy.retryAfter)).toBeGreaterThanOrEqual(1)
    release()
    expect((await held).tools).toEqual(['echo'])
    rogue.behaviour = {}
    const second = await open(s, MCP_TOKEN)
    expect(second.status).toBe(200)
    expect((await list(s, MCP_TOKEN, first.sid as string, 41)).status).toBe(404)
    expect((await list(s, MCP_TOKEN, second.sid as string, 42)).tools).toEqual(['echo'])
  })

  it('expires an idle session on the injected clock, and never one whose stream is open', async () => {
    const s = await stack({ idleSeconds: 60 })
    let t = 1_000_000
    const mcp = s.gate.deps.mcp
    if (mcp === undefined) throw new Error('no mcp deps')
    mcp.sessions = createMcpSessionStore({ max: 100, maxPerAgent: 10, idleMs: 60_000, now: () => t })
    const idle = await open(s, MCP_TOKEN)
    const { client, transport } = await s.connect(MCP_TOKEN)
    await rogue.streaming(transport.sessionId ?? '')
    t += 59_999
    expect((await list(s, MCP_TOKEN, idle.sid as string, 50)).status).toBe(200)
    t += 60_000
    const expired = await list(s, MCP_TOKEN, idle.sid as string, 51)
    expect([expired.status, expired.code]).toEqual([404, 'ERR_MCP_SESSION'])
    // The SDK client holds its GET stream open the whole time: that session is not idle.
    t += 3_600_000
    expect((await client.listTools()).tools.map((x) => x.name)).toEqual(['echo'])
  })
})
