/**
 * The protocol's own conformance suite (@modelcontextprotocol/conformance 0.1.10, its server
 * scenarios), run against server-everything directly and through the gate and the guard with an
 * allow-all policy. Every scenario that passes directly must pass through Verbatim. The suite sends
 * no credentials, so a small forwarder in this test adds the agent's bearer token, and nothing else.
 */
import { execFile } from 'node:child_process'
import { createServer, request } from 'node:http'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MCP_TOKEN, ROOT, startEverything, startMcpStack } from '../../helpers/mcp-stack.js'
import type { McpStack } from '../../helpers/mcp-stack.js'

let ev: Awaited<ReturnType<typeof startEverything>>
let s: McpStack
let withToken: Server
let viaVerbatim = ''

/** Runs the suite's server scenarios against `url`; returns scenario → passed. */
function conformance(url: string): Promise<Map<string, boolean>> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [join(ROOT, 'node_modules/@modelcontextprotocol/conformance/dist/index.js'), 'server', '--url', url], { timeout: 120_000, maxBuffer: 16 * 1024 * 1024 }, (err, stdout) => {
      const out = new Map<string, boolean>()
      for (const m of stdout.matchAll(/^([✓✗]) ([\w-]+): (\d+) passed, (\d+) failed/gmu)) out.set(m[2] ?? '', m[1] === '✓')
      if (out.size === 0) reject(err ?? new Error(`no summary in:\n${stdout}`))
      else resolve(out)
    })
  })
}

beforeAll(async () => {
  ev = await startEverything()
  s = await startMcpStack({ server: 'everything', executor: { mcp: { http: ev.url } }, policy: 'rules:\n  - { id: all, effect: allow, agents: [coder], tools: ["*"] }\n' })
  withToken = createServer((req, res) => {
    const out = request(s.endpoint, { method: req.method ?? 'GET', headers: { ...req.headers, host: s.endpoint.host, authorization: `Bearer ${MCP_TOKEN}` } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers)
      answer.pipe(res)
    })
    out.on('error', () => res.destroy())
    res.on('close', () => out.destroy())
    req.pipe(out)
  })
  await new Promise<void>((r) => withToken.listen(0, '127.0.0.1', r))
  viaVerbatim = `http://127.0.0.1:${(withToken.address() as AddressInfo).port}/mcp`
})
afterAll(async () => {
  withToken?.closeAllConnections()
  withToken?.close()
  await s?.close()
  await ev?.stop()
})

describe('MCP conformance suite (server scenarios)', () => {
  it('passes through gate and guard every scenario that passes against server-everything directly', async () => {
    const direct = await conformance(ev.url)
    const through = await conformance(viaVerbatim)
    const passedDirect = [...direct].filter(([, ok]) => ok).map(([n]) => n)
    const passedThrough = [...through].filter(([, ok]) => ok).map(([n]) => n)
    process.stdout.write(`conformance: ${passedDirect.length}/${direct.size} scenarios pass directly, ${passedThrough.length}/${through.size} through gate and guard\n`)
    expect(passedDirect.length).toBeGreaterThan(0)
    expect(passedDirect.filter((n) => !passedThrough.includes(n))).toEqual([])
  })
})
