/**
 * An MCP server dead behind a live guard (the sidecar topology, issue "Operable" item 1, on the MCP
 * path): the agent's call is 502 ERR_GUARD_EXECUTOR_UNAVAILABLE with the guard's Retry-After (the
 * server certainly did not run it), the gate counts it as executor_unavailable, and nothing ran.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MCP_TOKEN, startEverything, startMcpStack } from '../../helpers/mcp-stack.js'
import type { McpStack } from '../../helpers/mcp-stack.js'

const POLICY = `rules:
  - { id: echo, effect: allow, agents: [coder], tools: ["mcp:everything/tools/call/echo"] }
`

let ev: Awaited<ReturnType<typeof startEverything>>
let s: McpStack
let stopped = false

beforeAll(async () => {
  ev = await startEverything()
  s = await startMcpStack({ server: 'everything', executor: { mcp: { http: ev.url } }, policy: POLICY })
})
afterAll(async () => {
  await s?.close()
  if (!stopped) await ev?.stop()
})

describe('an MCP server dead behind its live guard', () => {
  it('answers 502 ERR_GUARD_EXECUTOR_UNAVAILABLE with Retry-After 1-5, counted as executor_unavailable, and runs nothing', async () => {
    const { client, transport } = await s.connect()
    await client.listTools()
    const sid = transport.sessionId as string
    await ev.stop()
    stopped = true
    const ran = async (): Promise<number> => (await s.executed()).filter((x) => x.type === 'execution' && x.status === 200).length
    const before = await ran()
    const r = await fetch(s.endpoint, {
      method: 'POST',
      headers: { authorization: `Bearer ${MCP_TOKEN}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-session-id': sid, 'mcp-protocol-version': '2025-11-25' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'echo', arguments: { message: 'hi' } } }),
    })
    const body = await r.text()
    expect(r.status).toBe(502)
    expect(body).toContain('ERR_GUARD_EXECUTOR_UNAVAILABLE')
    const retry = Number(r.headers.get('retry-after'))
    expect(retry).toBeGreaterThanOrEqual(1)
    expect(retry).toBeLessThanOrEqual(5)
    const metrics = await (await fetch(`${s.gate.url}/metrics`)).text()
    expect(metrics).toMatch(/verbatim_upstream_outcomes_total\{[^}]*outcome="executor_unavailable"[^}]*\} [1-9]/)
    expect(await ran()).toBe(before)
    await client.close()
  })
})
