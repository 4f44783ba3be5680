/** @module gate/mcp/admit: the transport checks of an MCP request before policy: Origin, Host, Accept, revision, headers. */
import { VerbatimError } from '../../errors/index.js'
import type { McpSubject, RpcMessage } from '../../mcp/index.js'
import type { McpSession } from './sessions.js'
import { MCP_REVISIONS } from './sessions.js'

const LOOPBACK = /^(127(\.\d{1,3}){3}|localhost|::1|\[::1\])$/

/**
 * The Host values accepted when none are configured: on loopback, the gate's port under each
 * loopback name, so a web page cannot reach it through a rebound DNS name; on any other address,
 * none is enforced (set allowedHosts).
 */
export function defaultAllowedHosts(listenHost: string, port: number): string[] | undefined {
  if (!LOOPBACK.test(listenHost)) return undefined
  return [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]
}

/**
 * MCP Streamable HTTP (2025-11-25 §Security Warning): servers MUST validate Origin, and local ones
 * should check Host, against DNS rebinding. A request without Origin (not from a browser) passes the
 * Origin check; any Origin must be on the list. Host must be on its list when there is one.
 */
export function checkOriginAndHost(origin: string | undefined, host: string | undefined, allowedOrigins: readonly string[], allowedHosts: readonly string[] | undefined): void {
  if (origin !== undefined && !allowedOrigins.includes(origin)) throw new VerbatimError('ERR_MCP_ORIGIN', `Origin ${origin} is not allowed`)
  if (allowedHosts !== undefined && (host === undefined || !allowedHosts.includes(host.toLowerCase()))) {
    throw new VerbatimError('ERR_MCP_ORIGIN', `Host ${host ?? '(none)'} is not allowed`)
  }
}

/** Streamable HTTP: a POST accepts both JSON and an event stream; a GET accepts an event stream. */
export function checkAccept(method: string, accept: string | undefined): void {
  const types = (accept ?? '').split(',').map((t) => t.split(';')[0]?.trim().toLowerCase())
  const json = types.includes('application/json') || types.includes('application/*') || types.includes('*/*')
  const sse = types.includes('text/event-stream') || types.includes('text/*') || types.includes('*/*')
  if (method === 'POST' ? !(json && sse) : method === 'GET' ? !sse : false) {
    throw new VerbatimError('ERR_MCP_NOT_ACCEPTABLE', method === 'POST' ? 'Accept must list application/json and text/event-stream' : 'Accept must list text/event-stream')
  }
}

/**
 * The revision is never the client's choice alone: initialize must ask for one the gate speaks, and
 * every later message must carry MCP-Protocol-Version equal to the session's (or, without a session,
 * one the gate speaks). An absent header would make the server assume 2025-03-26: refused.
 */
export function checkRevision(msg: RpcMessage, header: string | undefined, session: McpSession | undefined): void {
  if (msg.kind === 'request' && msg.method === 'initialize') {
    const asked = msg.params?.['protocolVersion']
    if (typeof asked !== 'string' || !MCP_REVISIONS.includes(asked)) {
      throw new VerbatimError('ERR_MCP_PROTOCOL_VERSION', `initialize asks for protocol revision ${JSON.stringify(asked)}; this gate speaks ${MCP_REVISIONS.join(', ')}`)
    }
    return
  }
  checkRevisionHeader(header, session)
}

/** The MCP-Protocol-Version header of a non-initialize request (POST, GET or DELETE). */
export function checkRevisionHeader(header: string | undefined, session: McpSession | undefined): void {
  if (header === undefined) throw new VerbatimError('ERR_MCP_PROTOCOL_VERSION', 'MCP-Protocol-Version is required after initialization')
  if (session !== undefined ? header !== session.revision : !MCP_REVISIONS.includes(header)) {
    throw new VerbatimError('ERR_MCP_PROTOCOL_VERSION', `MCP-Protocol-Version ${header} is not the revision of this session (${session?.revision ?? MCP_REVISIONS.join(' or ')})`)
  }
}

/**
 * Mcp-Method and Mcp-Name (the stateless revision's routing headers), when present, must say what
 * the canonical body says: a header that routes or authorizes differently from the body is refused.
 */
export function checkRoutingHeaders(subject: McpSubject, msg: RpcMessage, mcpMethod: string | undefined, mcpName: string | undefined): void {
  if (mcpMethod !== undefined && (msg.kind === 'response' || mcpMethod !== msg.method)) {
    throw new VerbatimError('ERR_MCP_HEADER_MISMATCH', `Mcp-Method ${mcpMethod} does not match the body's method ${msg.kind === 'response' ? '(a response)' : msg.method}`)
  }
  if (mcpName !== undefined && mcpName !== subject.name) {
    throw new VerbatimError('ERR_MCP_HEADER_MISMATCH', `Mcp-Name ${mcpName} does not match the body's ${subject.name === undefined ? 'message, which names nothing' : `name ${subject.name}`}`)
  }
}
