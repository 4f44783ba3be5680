/** @module gate/mcp/admit: the first stage of an MCP request: the server, the transport checks (Origin, Host, Accept, revision, headers), the agent, its session. */
import { VerbatimError } from '../../errors/index.js'
import { routingHeaderConflict } from '../../mcp/index.js'
import type { McpSubject, RpcMessage } from '../../mcp/index.js'
import { validTraceparent } from '../../observe/index.js'
import type { Call } from '../call/index.js'
import type { GateDeps, McpDeps, McpRuntime } from '../deps.js'
import type { Exchange } from '../http/exchange.js'
import type { McpSession, SessionUse } from './sessions.js'
import { MCP_REVISIONS } from './sessions.js'

/** What admission learned of a request: its server, its agent, and the session it runs in. */
export interface Admitted {
  name: string
  server: McpRuntime
  agent: string
  method: 'POST' | 'GET' | 'DELETE'
  traceparent: string | undefined
  /** The Mcp-Session-Id the request carries, and its use while the call is in flight. */
  sid: string | undefined
  use: SessionUse | undefined
  /** What to give back, last first, if the call goes no further than the gate: the session's use, the request on its ledger. */
  undo: Array<() => unknown>
  /** Set once the answer streams: ends the agent's stream when its session is dropped meanwhile. */
  cut?: () => void
}

/**
 * The server the target names, the method, Origin and Host, the bearer token, Accept, and the
 * session: an Mcp-Session-Id must be a live session of this agent on this server, and is in use
 * (a call, or the GET stream) from here until the answer is over.
 */
export async function admit(ex: Exchange, deps: GateDeps, mcp: McpDeps, call: Call): Promise<Admitted> {
  const t = call.trail
  const traceparent = validTraceparent(ex.header('traceparent'))
  if (traceparent !== undefined) t.traceparent = traceparent
  const name = /^\/mcp\/([a-z0-9][a-z0-9_-]{0,63})$/.exec(String(t.target))?.[1]
  const server = name === undefined ? undefined : mcp.servers.get(name)
  if (server === undefined || name === undefined) throw new VerbatimError('ERR_GATE_NOT_FOUND', 'no such MCP server')
  const method = ex.method
  if (method !== 'POST' && method !== 'GET' && method !== 'DELETE') throw new VerbatimError('ERR_INTAKE_METHOD', 'an MCP endpoint takes POST, GET and DELETE')
  t.server = name
  checkOriginAndHost(ex.header('origin'), ex.header('host'), server.config.allowedOrigins, server.allowedHosts)
  const agent = deps.authenticate(ex.header('authorization'))
  t.agent = agent
  t.audience = server.upstream.config.audience
  checkAccept(method, ex.header('accept'))

  const a: Admitted = { name, server, agent, method, traceparent, sid: ex.header('mcp-session-id'), use: undefined, undo: [] }
  if (a.sid !== undefined) {
    // A GET stream ends itself if its session is dropped meanwhile (evicted by its own agent, deleted).
    a.use = await mcp.sessions.use(a.sid, agent, name, method === 'GET' ? 'stream' : 'call', () => a.cut?.())
    if (a.use === undefined) throw new VerbatimError('ERR_MCP_SESSION', 'unknown session for this agent and server; initialize a new one')
    a.undo.push(a.use.release)
    t.session = a.sid
  }
  return a
}

/** Gives back what an admitted request held, last first: for a call that goes no further than the gate. */
export async function giveBack(a: Admitted): Promise<void> {
  for (const f of a.undo.splice(0).reverse()) await f()
}

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

/** Revisions a client may name in MCP-Protocol-Version inside a session; the server still sees the session's. */
const KNOWN_REVISIONS: readonly string[] = [...MCP_REVISIONS, '2025-03-26', '2024-11-05']

/**
 * The revision is never the client's choice alone. initialize must ask for one the gate speaks, so
 * every session runs 2025-11-25 or 2025-06-18. Inside a session the server always sees the session's
 * revision in MCP-Protocol-Version, whatever (known) revision the client wrote there: an older one
 * cannot reach the server, so it cannot change how the server reads a message the gate checked.
 * Without a session (a stateless server) the header must name a revision the gate speaks; an absent
 * header would make the server assume 2025-03-26. Returns the header to forward (none for initialize).
 */
export function revisionToForward(msg: RpcMessage | undefined, header: string | undefined, session: McpSession | undefined): string | undefined {
  if (msg?.kind === 'request' && msg.method === 'initialize') {
    const asked = msg.params?.['protocolVersion']
    if (typeof asked !== 'string' || !MCP_REVISIONS.includes(asked)) {
      throw new VerbatimError('ERR_MCP_PROTOCOL_VERSION', `initialize asks for protocol revision ${JSON.stringify(asked)}; this gate speaks ${MCP_REVISIONS.join(', ')}`)
    }
    return undefined
  }
  if (session !== undefined) {
    if (header !== undefined && !KNOWN_REVISIONS.includes(header)) throw new VerbatimError('ERR_MCP_PROTOCOL_VERSION', `MCP-Protocol-Version ${header} is not a protocol revision`)
    return session.revision
  }
  if (header === undefined || !MCP_REVISIONS.includes(header)) {
    throw new VerbatimError('ERR_MCP_PROTOCOL_VERSION', `MCP-Protocol-Version ${header ?? '(none)'} is not a revision this gate speaks (${MCP_REVISIONS.join(', ')})`)
  }
  return header
}

/**
 * Mcp-Method and Mcp-Name (the stateless revision's routing headers), when present, must say what
 * the canonical body says: a header that routes or authorizes differently from the body is refused.
 * The rule is the guard's own (docs/binding.md §13, step 9g): one home, src/mcp.
 */
export function checkRoutingHeaders(subject: McpSubject, msg: RpcMessage, mcpMethod: string | undefined, mcpName: string | undefined): void {
  const conflict = routingHeaderConflict(subject, msg, mcpMethod ?? null, mcpName ?? null)
  if (conflict !== undefined) throw new VerbatimError('ERR_MCP_HEADER_MISMATCH', conflict)
}
