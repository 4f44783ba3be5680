/**
 * @module gate/mcp/routing: the headers an intermediary or the server may route on (Mcp-Method, Mcp-Name, Mcp-Param-*),
 * held to the canonical body the gate decides on (MCP 2026-07-28 streamable-http, Request Metadata and Server Validation).
 */
import { VerbatimError } from '../../errors/index.js'
import { PARAM_HEADER_PREFIX, declaredRevision, paramHeaderConflict, routingHeaderConflict } from '../../mcp/index.js'
import type { McpSubject, RpcMessage } from '../../mcp/index.js'
import type { McpDeps } from '../deps.js'
import type { Exchange } from '../http/exchange.js'

const mismatch = (why: string): VerbatimError => new VerbatimError('ERR_MCP_HEADER_MISMATCH', why)

/**
 * Mcp-Method and Mcp-Name, when present, must say what the canonical body says. A header that
 * routes or authorizes differently from the body is refused. The rule is the guard's own
 * (docs/binding.md §13.4, step 9g): one home, src/mcp.
 */
export function checkRoutingHeaders(subject: McpSubject, msg: RpcMessage, mcpMethod: string | undefined, mcpName: string | undefined): void {
  const conflict = routingHeaderConflict(subject, msg, mcpMethod ?? null, mcpName ?? null)
  if (conflict !== undefined) throw mismatch(conflict)
}

/**
 * What the stateless revision requires of a message before its headers are compared: no client
 * responses (the server sends no requests: MRTR instead), a request's revision in
 * `params._meta` (basic/index, a missing field is Invalid params), and the routing headers every
 * request carries: Mcp-Method, and Mcp-Name for tools/call, prompts/get and resources/read.
 * Notifications have no header requirements at this revision.
 */
export function checkStatelessMessage(ex: Exchange, subject: McpSubject, msg: RpcMessage): void {
  if (msg.kind === 'response') throw new VerbatimError('ERR_MCP_INVALID_MESSAGE', 'MCP 2026-07-28 has no client responses: a server asks for input with an input_required result')
  if (msg.kind !== 'request') return
  // basic/versioning: initialize selects a session revision, and opens no session at this one (nor may it here).
  if (msg.method === 'initialize') throw new VerbatimError('ERR_MCP_PROTOCOL_VERSION', 'initialize does not exist at MCP 2026-07-28: send it under a session revision (MCP-Protocol-Version 2025-11-25 or none)')
  if (typeof declaredRevision(msg) !== 'string') {
    throw new VerbatimError('ERR_MCP_META', 'a 2026-07-28 request declares its revision in params._meta["io.modelcontextprotocol/protocolVersion"]')
  }
  if (ex.header('mcp-method') === undefined) throw mismatch('Mcp-Method is required on every 2026-07-28 request')
  if (subject.named && ex.header('mcp-name') === undefined) throw mismatch(`Mcp-Name is required on ${msg.method}`)
}

/** The request's Mcp-Param-* headers, names in lowercase, values as received (duplicates joined with ", "). */
export function requestParamHeaders(ex: Exchange): Array<[string, string]> {
  const names = new Set((ex.headerNames?.() ?? []).map((n) => n.toLowerCase()).filter((n) => n.startsWith(PARAM_HEADER_PREFIX)))
  return [...names].map((n) => [n, ex.header(n) ?? ''])
}

/**
 * The Mcp-Param-* headers of a stateless tools/call, held equal to the arguments they mirror as the
 * tool's listing declares them (decided on the body; a disagreement refused), and refused on any
 * other message, where they mirror nothing. Returns the headers to forward.
 */
export async function checkParamHeaders(ex: Exchange, mcp: McpDeps, server: string, subject: McpSubject): Promise<Array<[string, string]>> {
  const headers = requestParamHeaders(ex)
  if (subject.method !== 'tools/call' || subject.name === undefined) {
    if (headers.length > 0) throw mismatch(`${headers[0]?.[0]} on ${subject.method}: Mcp-Param-* headers mirror tools/call arguments only`)
    return headers
  }
  const conflict = paramHeaderConflict(await mcp.toolHeaders.get(server, subject.name), subject.name, subject.value, headers)
  if (conflict !== undefined) throw mismatch(conflict)
  return headers
}
