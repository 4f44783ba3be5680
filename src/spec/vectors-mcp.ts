/** @module spec/vectors-mcp: request vectors of the MCP profile (docs/binding.md §13): the MCP kit, and what a guard accepts. */
import type { BindingDecision } from '../binding/index.js'
import { paramHeadersDigest } from '../mcp/index.js'
import type { Kit, RequestVector, SignOver, VectorRequest, VectorStep, VerifierState } from './vector-kit.js'
import { CONTENT_TYPE, b64 } from './vector-kit.js'

/** The fixed inputs of the MCP vectors: server `fs` behind the gate, its session and revision. */
export const MCP_VECTOR_INPUT = {
  server: 'fs',
  /** The upstream URL's path (none) and the server's default path. */
  path: '/mcp',
  session: '1868a90c-7ba1-4b6c-8f4e-2a4c5d9e0b3f',
  protocol: '2025-11-25',
  /** The main MCP vector's body: a tools/call of `echo`, in its RFC 8785 form. */
  body: '{"id":1,"jsonrpc":"2.0","method":"tools/call","params":{"arguments":{"text":"hi"},"name":"echo"}}',
  tool: 'mcp:fs/tools/call/echo',
} as const

/** What one MCP vector changes from the main MCP request. `null` leaves a member or a header out. */
export interface McpOver {
  method?: string
  path?: string
  body?: string | Uint8Array
  tool?: string
  /** The decision's session member; the Mcp-Session-Id header follows it unless `headers` says otherwise. */
  session?: string | null
  protocol?: string | null
  /** Mcp-Param-* headers the gate forwards (lowercase names): sent, and bound by the decision's `param-headers`. */
  params?: Record<string, string>
  /** Headers set (a string) or removed (null) after signing. */
  headers?: Record<string, string | null>
  /** The body sent, when it is not the body signed. */
  sentBody?: string
}

/** Builds and names MCP vectors on top of the request kit. */
export interface McpKit {
  /** A signed MCP request: POST /mcp with the main body, session and protocol, unless `over` says otherwise. */
  request(over?: McpOver): VectorRequest
  vector(name: string, expect: string, step: VectorStep | undefined, over?: McpOver, state?: Partial<VerifierState>, value?: unknown): RequestVector
  /** The signature base of the main MCP request. */
  base: string
}

export function mcpKit(k: Kit): McpKit {
  const I = MCP_VECTOR_INPUT
  const parts = (over: McpOver): { method: string; body: string | Uint8Array; session: string | null; protocol: string | null } => {
    const method = over.method ?? 'POST'
    return {
      method, body: over.body ?? (method === 'GET' || method === 'DELETE' ? '' : I.body),
      session: over.session === undefined ? I.session : over.session, protocol: over.protocol === undefined ? I.protocol : over.protocol,
    }
  }
  const signOver = (over: McpOver): SignOver => {
    const { method, body, session, protocol } = parts(over)
    const decision: Partial<BindingDecision> = { tool: over.tool ?? I.tool }
    if (session !== null) decision.session = session
    if (protocol !== null) decision.protocol = protocol
    const digest = paramHeadersDigest(Object.entries(over.params ?? {}))
    if (digest !== undefined && digest !== null) decision.paramHeaders = Buffer.from(digest).toString('hex')
    return { method, path: over.path ?? I.path, body, decision }
  }
  const request = (over: McpOver = {}): VectorRequest => {
    const { body, session, protocol } = parts(over)
    const signed = k.sign(signOver(over))
    const headers: Record<string, string> = { ...signed.headers }
    // The gate sends a Content-Type with a body only (src/gate/call/approve.ts).
    if (Buffer.byteLength(body) === 0) delete headers['content-type']
    else headers['content-type'] = CONTENT_TYPE
    if (session !== null) headers['mcp-session-id'] = session
    if (protocol !== null) headers['mcp-protocol-version'] = protocol
    Object.assign(headers, over.params)
    for (const [n, v] of Object.entries(over.headers ?? {})) {
      if (v === null) delete headers[n]
      else headers[n] = v
    }
    return { ...signed, headers, ...(over.sentBody === undefined ? {} : { bodyBase64: b64(over.sentBody) }) }
  }
  return {
    request,
    base: k.baseOf(signOver({})),
    vector: (name, expect, step, over = {}, state = {}, value) => k.vector(name, expect, step, request(over), { profile: 'mcp', ...state }, value),
  }
}

const msg = (text: string): unknown => JSON.parse(text)

/** Accepted MCP vectors: every kind of message, the transport's GET and DELETE, and the edges of the name rules. */
export function mcpAcceptVectors(m: McpKit): RequestVector[] {
  const I = MCP_VECTOR_INPUT
  const post = (name: string, body: string, tool: string, over: McpOver = {}): RequestVector =>
    m.vector(`MCP: ${name}`, 'accept', undefined, { body, tool, ...over }, {}, msg(body))
  const initialize = '{"id":0,"jsonrpc":"2.0","method":"initialize","params":{"capabilities":{},"clientInfo":{"name":"agent","version":"1.0.0"},"protocolVersion":"2025-11-25"}}'
  const list = '{"id":2,"jsonrpc":"2.0","method":"tools/list"}'
  const long = 'x'.repeat(128)
  return [
    post('a tools/call in a session, decided as mcp:fs/tools/call/echo', I.body, I.tool),
    post('a tools/list', list, 'mcp:fs/tools/list'),
    post('an initialize: no session and no protocol yet, so neither member nor header', initialize, 'mcp:fs/initialize', { session: null, protocol: null }),
    post('a notification', '{"jsonrpc":"2.0","method":"notifications/initialized"}', 'mcp:fs/notifications/initialized'),
    post('a response to a server\'s request, with a string id', '{"id":"srv-1","jsonrpc":"2.0","result":{"roots":[]}}', 'mcp:fs/response'),
    post('an error response', '{"error":{"code":-32601,"message":"no such method"},"id":7,"jsonrpc":"2.0"}', 'mcp:fs/response'),
    post('a prompts/get', '{"id":3,"jsonrpc":"2.0","method":"prompts/get","params":{"arguments":{"who":"ada"},"name":"greet"}}', 'mcp:fs/prompts/get/greet'),
    post('a resources/read: the URI is not part of the name', '{"id":4,"jsonrpc":"2.0","method":"resources/read","params":{"uri":"file:///workspace/a.txt"}}', 'mcp:fs/resources/read'),
    post('a tool name with a slash, a quote and a backslash (escaped in the sf-string)', '{"id":5,"jsonrpc":"2.0","method":"tools/call","params":{"name":"a/b\\"c\\\\d"}}', 'mcp:fs/tools/call/a/b"c\\d'),
    post('an id that is the largest safe integer, 2^53 - 1', '{"id":9007199254740991,"jsonrpc":"2.0","method":"tools/list"}', 'mcp:fs/tools/list'),
    post('a method of 128 characters, the limit', `{"id":6,"jsonrpc":"2.0","method":"${long}"}`, `mcp:fs/${long}`),
    post('SP and HTAB around the Mcp-Session-Id value (RFC 9110 §5.5)', list, 'mcp:fs/tools/list', { headers: { 'mcp-session-id': ` ${I.session}\t` } }),
    post('another server name before the suffix: only the suffix is compared, the audience names the executor', I.body, 'mcp:other/tools/call/echo'),
    post('Mcp-Method and Mcp-Name headers that say what the body says', I.body, I.tool, { headers: { 'mcp-method': 'tools/call', 'mcp-name': 'echo' } }),
    post('an Mcp-Name that is the URI of a resources/read', '{"id":4,"jsonrpc":"2.0","method":"resources/read","params":{"uri":"file:///workspace/a.txt"}}', 'mcp:fs/resources/read', {
      headers: { 'mcp-method': 'resources/read', 'mcp-name': 'file:///workspace/a.txt' },
    }),
    m.vector('MCP: a GET that opens the server\'s stream, with session and protocol and no Content-Type', 'accept', undefined, { method: 'GET', tool: 'mcp:fs/stream' }, {}, null),
    m.vector('MCP: a DELETE that ends the session', 'accept', undefined, { method: 'DELETE', tool: 'mcp:fs/session/delete' }, {}, null),
    m.vector('MCP: a GET with an Mcp-Method header, which is not examined: a GET carries no message', 'accept', undefined, {
      method: 'GET', tool: 'mcp:fs/stream', headers: { 'mcp-method': 'tools/call' },
    }, {}, null),
    m.vector('MCP: a bodiless DELETE with a Content-Type, which is not examined', 'accept', undefined, {
      method: 'DELETE', tool: 'mcp:fs/session/delete', headers: { 'content-type': 'text/plain' },
    }, {}, null),
  ]
}
