/** @module gate/mcp/admit: the first stage of an MCP request: the server, the transport checks (Origin, Host, Accept, revision, headers), the agent, its session. */
import { VerbatimError } from '../../errors/index.js'
import { validTraceparent } from '../../observe/index.js'
import type { Call } from '../call/index.js'
import type { GateDeps, McpDeps, McpRuntime } from '../deps.js'
import type { Exchange } from '../http/exchange.js'
import { eraOf } from './revision.js'
import type { Era } from './revision.js'
import type { SessionUse } from './sessions.js'

/** What admission learned of a request: its server, its agent, and the session it runs in. */
export interface Admitted {
  name: string
  server: McpRuntime
  agent: string
  method: 'POST' | 'GET' | 'DELETE'
  traceparent: string | undefined
  /** The revision's era, by MCP-Protocol-Version: a session revision, the stateless one, or one the gate does not speak. */
  era: Era
  /** The Mcp-Session-Id the request carries (never at the stateless revision, which has none), and its use while the call is in flight. */
  sid: string | undefined
  use: SessionUse | undefined
  /** What to give back, last first, if the call goes no further than the gate: the session's use, the request on its ledger. */
  undo: Array<() => unknown>
  /** What the answer holds until it is over (a listen stream's place), given back when the relay ends. */
  held: Array<() => void>
  /** Set once the answer streams: ends the agent's stream when its session is dropped meanwhile. */
  cut?: () => void
}

/**
 * The server the target names, the method, Origin and Host, the bearer token, Accept, the era, and
 * the session: an Mcp-Session-Id must be a live session of this agent on this server, and is in use
 * (a call, or the GET stream) from here until the answer is over. At the stateless revision every
 * message is a POST, and an Mcp-Session-Id is ignored (MCP 2026-07-28 streamable-http, Backward
 * Compatibility): it is neither looked up nor forwarded.
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
  const era = eraOf(ex.header('mcp-protocol-version'))
  if (era === 'stateless' && method !== 'POST') {
    throw new VerbatimError('ERR_INTAKE_METHOD', `MCP ${ex.header('mcp-protocol-version')} has no ${method}: every message is a POST (subscriptions/listen for notifications)`)
  }

  const a: Admitted = { name, server, agent, method, traceparent, era, sid: era === 'session' ? ex.header('mcp-session-id') : undefined, use: undefined, undo: [], held: [] }
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
