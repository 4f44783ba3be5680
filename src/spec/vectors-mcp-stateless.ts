/**
 * @module spec/vectors-mcp-stateless: request vectors of the MCP profile for the stateless revision 2026-07-28
 * (docs/binding.md §13.6): the revision in `_meta` (step 9h), the mirrored headers (9g, 9i), discover, listen, MRTR.
 */
import type { RequestVector, VectorStep } from './vector-kit.js'
import type { McpKit, McpOver } from './vectors-mcp.js'

const TARGET = 'ERR_GUARD_TARGET_MISMATCH'
const MALFORMED = 'ERR_GUARD_SIGNATURE_MALFORMED'
/** The `_meta` of every 2026-07-28 request (basic/index, Per-request protocol fields), in RFC 8785 order. */
const META = '"_meta":{"io.modelcontextprotocol/clientCapabilities":{},"io.modelcontextprotocol/protocolVersion":"2026-07-28"}'

/** The fixed inputs of the stateless vectors: a tools/call that mirrors its `region` argument as Mcp-Param-Region. */
export const STATELESS_VECTOR_INPUT = {
  protocol: '2026-07-28',
  body: `{"id":1,"jsonrpc":"2.0","method":"tools/call","params":{${META},"arguments":{"query":"SELECT 1","region":"us-west1"},"name":"execute_sql"}}`,
  tool: 'mcp:fs/tools/call/execute_sql',
  params: { 'mcp-param-region': 'us-west1' },
} as const

/** What every stateless vector has: no session, the revision, the routing headers of a tools/call. */
function stateless(over: McpOver = {}): McpOver {
  const I = STATELESS_VECTOR_INPUT
  return {
    session: null, protocol: I.protocol, body: I.body, tool: I.tool, params: { ...I.params },
    ...over, headers: { 'mcp-method': 'tools/call', 'mcp-name': 'execute_sql', ...over.headers },
  }
}

/** Accepted and refused vectors of 2026-07-28 under profile mcp. */
export function mcpStatelessVectors(m: McpKit): RequestVector[] {
  const I = STATELESS_VECTOR_INPUT
  const ok = (name: string, over: McpOver = {}): RequestVector => {
    const o = stateless(over)
    return m.vector(`MCP 2026-07-28: ${name}`, 'accept', undefined, o, {}, JSON.parse(String(o.body)))
  }
  const no = (step: VectorStep, code: string, name: string, over: McpOver = {}): RequestVector => m.vector(`MCP 2026-07-28: ${name}`, code, step, stateless(over))
  const discover = `{"id":"discover-1","jsonrpc":"2.0","method":"server/discover","params":{${META}}}`
  const listen = `{"id":7,"jsonrpc":"2.0","method":"subscriptions/listen","params":{${META},"notifications":{"toolsListChanged":true}}}`
  const retry = `{"id":2,"jsonrpc":"2.0","method":"tools/call","params":{${META},"arguments":{"query":"SELECT 1","region":"us-west1"},"inputResponses":{"confirm":{"action":"accept","content":{"ok":true}}},"name":"execute_sql","requestState":"opaque-blob"}}`
  const uri = 'file:///données/a.txt'
  const read = `{"id":4,"jsonrpc":"2.0","method":"resources/read","params":{${META},"uri":"${uri}"}}`
  const named = { params: {}, headers: { 'mcp-method': 'resources/read', 'mcp-name': `=?base64?${Buffer.from(uri).toString('base64')}?=` } }
  const declares = (v: string): string => I.body.replace('"io.modelcontextprotocol/protocolVersion":"2026-07-28"', `"io.modelcontextprotocol/protocolVersion":${v}`)
  const decision = (edit: (d: string) => string): McpOver => ({ headers: { 'verbatim-decision': edit(m.request(stateless()).headers['verbatim-decision'] ?? '') } })
  return [
    ok('a stateless tools/call: no session, the revision in MCP-Protocol-Version and in _meta, the routing headers, and an Mcp-Param header bound by param-headers'),
    ok('two Mcp-Param headers: their digest is over the lowercased names, sorted', {
      body: I.body.replace('"query":"SELECT 1"', '"limit":5,"query":"SELECT 1"'), params: { 'mcp-param-region': 'us-west1', 'mcp-param-limit': '5' },
    }),
    ok('a server/discover', { body: discover, tool: 'mcp:fs/server/discover', params: {}, headers: { 'mcp-method': 'server/discover', 'mcp-name': null } }),
    ok('a subscriptions/listen', { body: listen, tool: 'mcp:fs/subscriptions/listen', params: {}, headers: { 'mcp-method': 'subscriptions/listen', 'mcp-name': null } }),
    ok('a retry with inputResponses and requestState (MRTR): a new call, its state bound with the body', { body: retry }),
    ok('an Mcp-Name in its =?base64?…?= form, decoded before it is compared', { body: read, tool: 'mcp:fs/resources/read', ...named }),

    no(2, MALFORMED, 'a decision param-headers of 31 bytes', decision((d) => d.replace(/param-headers=:[^:]*:/, `param-headers=:${Buffer.alloc(31).toString('base64')}:`))),
    no(2, MALFORMED, 'a decision param-headers that is a String', decision((d) => d.replace(/param-headers=:[^:]*:/, 'param-headers="us-west1"'))),
    no(9, TARGET, 'an Mcp-Name whose =?base64?…?= payload is not canonical Base64', { body: read, tool: 'mcp:fs/resources/read', params: {}, headers: { ...named.headers, 'mcp-name': `=?base64?${Buffer.from(uri).toString('base64').replace(/=$/, '')}?=` } }),
    no(9, TARGET, 'an Mcp-Name that decodes to another URI than the body reads', { body: read, tool: 'mcp:fs/resources/read', params: {}, headers: { ...named.headers, 'mcp-name': '=?base64?ZmlsZTovLy9ldGMvcGFzc3dk?=' } }),
    no(9, TARGET, '_meta declares another revision than the decision', { body: declares('"2025-11-25"') }),
    no(9, TARGET, '_meta declares a revision, and the decision names none', { protocol: null }),
    no(9, TARGET, '_meta declares a revision that is not a String', { body: declares('20260728') }),
    no(9, TARGET, '_meta declares the String "absent", which is no revision either', { body: declares('"absent"') }),
    no(9, TARGET, 'an Mcp-Param header added after signing: the decision binds none', { params: {}, headers: { 'mcp-param-region': 'us-west1' } }),
    no(9, TARGET, 'an Mcp-Param header changed after signing', { headers: { 'mcp-param-region': 'eu-west1' } }),
    no(9, TARGET, 'an Mcp-Param header removed after signing', { headers: { 'mcp-param-region': null } }),
    no(9, TARGET, 'a GET with an Mcp-Param header the decision does not bind', { method: 'GET', body: '', tool: 'mcp:fs/stream', params: {}, headers: { 'mcp-param-region': 'us-west1', 'mcp-method': null, 'mcp-name': null } }),
  ]
}
