/**
 * @module tests/guard/mcp-helpers: a standalone-like MCP guard on a real socket (guardNodeHandler in
 * front of the stdio MCP executor, its clock injected) and MCP requests signed as the gate signs
 * them, sent straight to it.
 */
import { randomUUID } from 'node:crypto'
import { createServer } from 'node:http'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { jwks } from '../../src/binding/index.js'
import { canonicalBytes } from '../../src/canonical/index.js'
import type { JsonValue } from '../../src/canonical/index.js'
import { guardNodeHandler, jwksKeyResolver } from '../../src/guard/index.js'
import { mcpStdioExecutor } from '../../src/guard/mcp-stdio.js'
import type { McpStdioExecutor, McpStdioExecutorConfig } from '../../src/guard/mcp-stdio.js'
import { readRpcMessage, subjectOf, transportSubject } from '../../src/mcp/index.js'
import { KEY, sign } from './helpers.js'

export const PROTOCOL = '2025-11-25'
export const EVERYTHING = new URL('../../node_modules/@modelcontextprotocol/server-everything/dist/index.js', import.meta.url).pathname
export const TAP = new URL('../e2e/fixtures/stdin-tap.mjs', import.meta.url).pathname
export const CRASHING = new URL('../e2e/fixtures/crashing-mcp-server.mjs', import.meta.url).pathname
export const INITIALIZE = '{"id":1,"jsonrpc":"2.0","method":"initialize","params":{"capabilities":{},"clientInfo":{"name":"t","version":"1"},"protocolVersion":"2025-11-25"}}'
export const INITIALIZED = '{"jsonrpc":"2.0","method":"notifications/initialized"}'

export interface McpAnswer {
  status: number
  headers: Headers
  text: string
}

export interface SendOptions {
  agent: string
  session?: string
  /** Without a session: a stateless revision (2026-07-28), signed and sent as the gate sends it. */
  protocol?: string
  accept?: string
  signal?: AbortSignal
}

export interface McpGuard {
  url: string
  executor: McpStdioExecutor
  /** Sends `body` (canonicalised, then signed for `agent` and `session`), or a bodiless GET or DELETE; reads the whole answer. */
  send(method: 'POST' | 'GET' | 'DELETE', body: string, o: SendOptions): Promise<Response>
  /** POST and read the whole answer. */
  post(body: string, o: SendOptions): Promise<McpAnswer>
  /** initialize, then notifications/initialized: a session ready for use, or the refusal. */
  open(agent: string): Promise<{ session: string | null; answer: McpAnswer }>
  close(): Promise<void>
}

export async function startMcpGuard(cfg: Partial<McpStdioExecutorConfig> & { command: string[] }, clock: () => number): Promise<McpGuard> {
  const executor = mcpStdioExecutor({ maxSessions: 64, maxSessionsPerAgent: 8, sessionIdleSeconds: 600, ...cfg }, () => undefined, { clock, sweepMs: 0, graceMs: 200 })
  const handler = guardNodeHandler({ audience: 'sandbox-1', keys: jwksKeyResolver({ jwks: jwks([KEY]) }), profile: 'mcp', startedAt: 0 }, executor.handle)
  const server: Server = createServer(handler)
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  const send: McpGuard['send'] = (method, body, o) => {
    const bytes = body === '' ? new Uint8Array() : canonicalBytes(new TextEncoder().encode(body)).bytes
    const suffix = method === 'POST' ? subjectOf(readRpcMessage(JSON.parse(body) as JsonValue)).suffix : transportSubject(method).suffix
    const bound = o.session !== undefined ? { session: o.session, protocol: PROTOCOL } : o.protocol !== undefined ? { protocol: o.protocol } : {}
    const s = sign({ method, body: bytes, path: '/mcp', now: Math.floor(Date.now() / 1000), decision: { id: `d-${randomUUID()}`, agent: o.agent, tool: `mcp:every${suffix}`, ...bound } })
    const headers: Record<string, string> = { ...s.headers, accept: o.accept ?? 'application/json, text/event-stream' }
    if (o.session !== undefined) Object.assign(headers, { 'mcp-session-id': o.session, 'mcp-protocol-version': PROTOCOL })
    else if (o.protocol !== undefined) headers['mcp-protocol-version'] = o.protocol
    if (bytes.byteLength === 0) delete headers['content-type']
    return fetch(`${url}/mcp`, { method, headers, ...(bytes.byteLength === 0 ? {} : { body: bytes }), ...(o.signal === undefined ? {} : { signal: o.signal }) })
  }
  const post: McpGuard['post'] = async (body, o) => {
    const res = await send('POST', body, o)
    return { status: res.status, headers: res.headers, text: await res.text() }
  }
  return {
    url, executor, send, post,
    async open(agent) {
      const answer = await post(INITIALIZE, { agent })
      const session = answer.status === 200 ? answer.headers.get('mcp-session-id') : null
      if (session !== null) await post(INITIALIZED, { agent, session })
      return { session, answer }
    },
    async close() {
      server.closeAllConnections()
      await new Promise<void>((r) => server.close(() => r()))
      await executor.close()
    },
  }
}

/** The child with this pid has exited (and been reaped). */
export function gone(pid: number | undefined): boolean {
  if (pid === undefined) return true
  try {
    process.kill(pid, 0)
    return false
  } catch {
    return true
  }
}
