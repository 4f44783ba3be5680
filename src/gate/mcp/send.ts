/** @module gate/mcp/send: what the guard of an MCP server is sent: where, the approval to bind, and the transport headers beside the signed bytes. */
import type { ApproveInput } from '../call/index.js'
import type { Exchange } from '../http/exchange.js'
import type { Admitted } from './admit.js'
import type { McpMessage } from './read.js'

/** The headers of the transport the guard and the server need, passed on outside the signed bytes. */
const PASSED = ['accept', 'mcp-session-id', 'mcp-protocol-version', 'last-event-id', 'mcp-method', 'mcp-name'] as const

/** The server's endpoint behind its guard: the upstream's path without a trailing `/`, then the server's path; no query. */
export function upstreamUrl(base: string, path: string): URL {
  const u = new URL(base)
  u.pathname = `${u.pathname.replace(/\/+$/, '')}${path}`
  u.search = ''
  return u
}

/** The approval of a decided message: its name, bytes and policy, with the session, revision and mirrored headers bound beside them (docs/binding.md §13.1). */
export function approvalOf(a: Admitted, m: McpMessage, policyDigest: string): ApproveInput {
  const upstream = a.server.upstream
  return {
    agent: a.agent, tool: m.tool, upstream, method: a.method, url: upstreamUrl(upstream.config.url, a.server.config.path), bytes: m.bytes, policyDigest,
    ...(a.sid === undefined ? {} : { session: a.sid }), ...(m.revision === undefined ? {} : { protocol: m.revision }),
    ...(m.paramDigest === undefined ? {} : { paramHeaders: m.paramDigest }),
    // A GET stream, or a subscriptions/listen stream, may stay open for hours: it holds no concurrency slot.
    limited: a.method === 'POST' && m.subject.method !== 'subscriptions/listen',
  }
}

/** At 2026-07-28 a session id is ignored and streams are not resumable: neither header is passed on. */
const NOT_STATELESS: ReadonlySet<string> = new Set(['mcp-session-id', 'last-event-id'])

/**
 * The transport headers passed on, the Mcp-Param-* headers the gate held to their arguments, and the
 * trace context. The server sees the revision the gate decided on (and signed), never another.
 */
export function passedHeaders(ex: Exchange, a: Admitted, m: McpMessage): Record<string, string> {
  const passed: Record<string, string> = {}
  for (const h of PASSED) {
    const v = ex.header(h)
    if (v !== undefined && !(a.era === 'stateless' && NOT_STATELESS.has(h))) passed[h] = v
  }
  for (const [h, v] of m.params) passed[h] = v
  if (a.traceparent !== undefined) passed['traceparent'] = a.traceparent
  delete passed['mcp-protocol-version']
  if (m.revision !== undefined) passed['mcp-protocol-version'] = m.revision
  return passed
}
