/** @module guard/mcp-stdio: an unmodified stdio MCP server behind the guard, one child per session (2026-07-28: per agent), spoken to the gate as Streamable HTTP. */
import { randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js'
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js'
import { LATEST_PROTOCOL_VERSION } from '@modelcontextprotocol/sdk/types.js'
import type { JSONRPCMessage, RequestId } from '@modelcontextprotocol/sdk/types.js'
import { VerbatimError } from '../errors/index.js'
import { STATELESS_REVISIONS } from '../mcp/index.js'
import type { RpcMessage } from '../mcp/index.js'
import { spawnMcpChild } from './mcp-child.js'
import type { McpChild } from './mcp-child.js'
import { createStatelessPool } from './mcp-stateless.js'
import { writeProblem } from './node.js'
import type { VerifiedBinding } from './types.js'

export interface McpStdioExecutorConfig {
  /** argv of the MCP server, e.g. [npx, -y, @modelcontextprotocol/server-filesystem, /srv/data]. */
  command: string[]
  cwd?: string | undefined
  /** Most sessions (children) at once; a new initialize beyond it is refused (503). */
  maxSessions: number
  /** Most sessions one agent holds at once; its next initialize is refused (503), others still open theirs. */
  maxSessionsPerAgent: number
  /** A session the client has not used for this long, with no exchange open, is closed and its child stopped. */
  sessionIdleSeconds: number
}

export interface McpStdioOptions {
  /** Clock in milliseconds (default Date.now). */
  clock?: () => number
  /** How often idle sessions are looked for (default a tenth of the idle time, 1 to 60 s); 0: only when a request comes. */
  sweepMs?: number
  /** A closing child gets this long after its stdin ends before SIGTERM, and again before SIGKILL (default 2 s). */
  graceMs?: number
}

export interface McpStdioExecutor {
  handle(req: IncomingMessage, res: ServerResponse, v: VerifiedBinding): Promise<void>
  /** Closes every session idle by now; resolves with how many, once their children exited. */
  expireIdle(): Promise<number>
  /** The sessions held: id (none while initializing, or for a 2026-07-28 child), agent, child pid, and exchanges open with the gate. */
  sessions(): Array<{ id: string | undefined; agent: string; pid: number | undefined; exchanges: number; stateless?: true }>
  close(): Promise<void>
}

interface Session {
  http: StreamableHTTPServerTransport
  child?: McpChild
  agent: string
  /** Client requests the child has not answered yet, oldest first. */
  inFlight: RequestId[]
  /** Exchanges with the gate still open (a POST's answer, the GET stream): while one is, the session is not idle. */
  open: number
  /** When the client last started or ended an exchange; what the server says does not count (a chatty server would keep an abandoned session). */
  lastActive: number
  ending?: Promise<void>
}

/** A verified message on its way through the SDK transport: written to the child once, as these bytes. */
interface Ticket {
  bytes: Uint8Array
  rpc: RpcMessage
}
const TICKET = 'verbatimVerified'

/**
 * What the SDK transport parses in place of the message: its kind, id and method, all it needs to
 * open a stream and route the answer back. The transport never sees the message itself, so nothing
 * its schemas drop, coerce, refuse or reorder decides what reaches the server (invariant 1).
 */
function envelope(rpc: RpcMessage): JSONRPCMessage {
  if (rpc.kind === 'response') return { jsonrpc: '2.0', id: rpc.id, result: {} }
  if (rpc.kind === 'notification') return { jsonrpc: '2.0', method: rpc.method }
  if (rpc.method !== 'initialize') return { jsonrpc: '2.0', id: rpc.id, method: rpc.method }
  // The transport opens a session on a well-formed InitializeRequest; the server gets the real one.
  return { jsonrpc: '2.0', id: rpc.id, method: 'initialize', params: { protocolVersion: LATEST_PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: 'verbatim-guard', version: '1' } } }
}

function jsonRpcError(res: ServerResponse, status: number, code: number, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }))
}

const isResponse = (m: JSONRPCMessage): m is JSONRPCMessage & { id: RequestId } => !('method' in m) && 'id' in m

/**
 * Bridges each MCP session to its own child process on stdio. The SDK's Streamable HTTP server
 * transport speaks HTTP to the gate (sessions, event streams, the child's messages); the child's
 * stdin gets exactly the verified bytes of each client message and one newline, written here and
 * nowhere else. A child's request or notification is sent on the stream of the client request it
 * is most likely about (the newest one in flight), else on the session's GET stream: a stdio server
 * says nothing about which request a progress update or a sampling request belongs to.
 */
export function mcpStdioExecutor(cfg: McpStdioExecutorConfig, log: (line: string) => void, opts: McpStdioOptions = {}): McpStdioExecutor {
  const clock = opts.clock ?? Date.now
  const idleMs = cfg.sessionIdleSeconds * 1000
  const all = new Set<Session>()
  const byId = new Map<string, Session>()
  const tickets = new WeakSet<Ticket>()

  function end(s: Session): Promise<void> {
    if (s.ending === undefined) {
      // Deferred, so the transport's onclose (fired inside close()) finds the session already ending.
      s.ending = Promise.resolve().then(async () => {
        await s.http.close().catch(() => undefined)
        await s.child?.close()
      })
      all.delete(s)
      if (s.http.sessionId !== undefined) byId.delete(s.http.sessionId)
    }
    return s.ending
  }

  const idle = (s: Session, now: number): boolean => s.open === 0 && now - s.lastActive >= idleMs
  function expire(s: Session): Promise<void> {
    log(`verbatim guard: MCP session ${s.http.sessionId ?? '(initializing)'} of ${s.agent} idle for ${cfg.sessionIdleSeconds} s; closing it`)
    return end(s)
  }
  // 2026-07-28: each agent's stateless requests share its own children (never another agent's), counted against the caps as sessions.
  const pool = createStatelessPool({
    spawn: () => spawnMcpChild({ command: cfg.command, cwd: cfg.cwd, ...(opts.graceMs === undefined ? {} : { graceMs: opts.graceMs }) }, log),
    clock, idleMs, log, room: (agent) => noRoom(agent),
  })
  const sweep = (now: number): Promise<void>[] => [...[...all].filter((s) => idle(s, now)).map(expire), ...pool.sweep(now)]
  /** Refuses a new child over the caps (503, with Retry-After): the agent's own, then everyone's. */
  function noRoom(agent: string): VerbatimError | undefined {
    const mine = [...all].filter((s) => s.agent === agent).length + pool.held(agent)
    if (mine >= cfg.maxSessionsPerAgent) return new VerbatimError('ERR_GUARD_EXECUTOR_BUSY', `agent ${agent} holds ${mine} MCP sessions (maxSessionsPerAgent)`)
    const total = all.size + pool.size
    if (total >= cfg.maxSessions) return new VerbatimError('ERR_GUARD_EXECUTOR_BUSY', `${total} MCP sessions are open (maxSessions)`)
    return undefined
  }

  /** Admits a session for `agent` at once (so concurrent initializes count), then starts its child. */
  async function open(agent: string): Promise<Session> {
    const s: Session = { agent, inFlight: [], open: 0, lastActive: clock(), http: new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => void byId.set(id, s),
    }) }
    all.add(s)
    s.http.onclose = () => void end(s)
    // Only a message the guard verified reaches the child, once, as its verified bytes; anything
    // else the transport might hand over is dropped.
    s.http.onmessage = (_parsed, extra) => {
      const t = extra?.authInfo?.extra?.[TICKET]
      if (typeof t !== 'object' || t === null || !tickets.delete(t as Ticket)) {
        log('verbatim guard: the MCP transport passed a message the guard did not verify; dropped')
        return
      }
      const { bytes, rpc } = t as Ticket
      if (rpc.kind === 'request') s.inFlight.push(rpc.id)
      s.child?.write(bytes)
    }
    try {
      s.child = await spawnMcpChild({ command: cfg.command, cwd: cfg.cwd, ...(opts.graceMs === undefined ? {} : { graceMs: opts.graceMs }) }, log)
    } catch (e) {
      void end(s)
      throw e
    }
    s.child.onmessage = (m) => {
      if (isResponse(m)) {
        s.inFlight = s.inFlight.filter((id) => id !== m.id)
        void s.http.send(m).catch(() => log(`verbatim guard: the MCP server answered id ${String(m.id)}, which no open request awaits; dropped`))
        return
      }
      const related = s.inFlight.at(-1)
      void s.http.send(m, related === undefined ? undefined : { relatedRequestId: related }).catch(() => undefined)
    }
    s.child.onexit = (why) => {
      log(`verbatim guard: MCP server child for session ${s.http.sessionId ?? '(initializing)'} ${why}`)
      void end(s)
    }
    return s
  }

  /** One HTTP exchange on a session; a POST's message goes to the transport as its envelope, with its ticket. */
  async function exchange(s: Session, req: IncomingMessage, res: ServerResponse, v: VerifiedBinding): Promise<void> {
    s.open++
    s.lastActive = clock()
    res.once('close', () => {
      s.open--
      s.lastActive = clock()
    })
    if (req.method !== 'POST') return s.http.handleRequest(req, res)
    if (v.rpc === undefined) return jsonRpcError(res, 400, -32600, 'Bad Request: not one JSON-RPC message')
    const ticket: Ticket = { bytes: v.bytes, rpc: v.rpc }
    tickets.add(ticket)
    // The transport hands a request's authInfo to onmessage with the message it parsed: the ticket rides there.
    const auth: AuthInfo = { token: '', clientId: v.agent, scopes: [], extra: { [TICKET]: ticket } }
    Object.assign(req, { auth })
    await s.http.handleRequest(req, res, envelope(v.rpc))
  }

  const sweepMs = opts.sweepMs ?? Math.min(60_000, Math.max(1000, Math.floor(idleMs / 10)))
  const timer = sweepMs > 0 ? setInterval(() => void sweep(clock()), sweepMs).unref() : undefined

  return {
    async handle(req, res, v) {
      const now = clock()
      const sid = req.headers['mcp-session-id']
      if (sid === undefined && v.protocol !== undefined && STATELESS_REVISIONS.includes(v.protocol) && v.rpc !== undefined) {
        void sweep(now)
        return pool.handle(res, { ...v, rpc: v.rpc })
      }
      if (typeof sid === 'string') {
        const s = byId.get(sid)
        if (s !== undefined && idle(s, now)) void expire(s)
        // A session belongs to the agent that opened it; one closed or idle too long is gone.
        if (s === undefined || s.ending !== undefined || s.agent !== v.agent) return jsonRpcError(res, 404, -32001, 'Session not found')
        return exchange(s, req, res, v)
      }
      if (v.rpc?.kind !== 'request' || v.rpc.method !== 'initialize') return jsonRpcError(res, 400, -32000, 'Bad Request: no session; initialize first')
      void sweep(now)
      const full = noRoom(v.agent)
      if (full !== undefined) return writeProblem(res, full, v.decisionId)
      let s: Session
      try {
        s = await open(v.agent)
      } catch (e) {
        return writeProblem(res, new VerbatimError('ERR_GUARD_EXECUTOR_UNAVAILABLE', `cannot start the MCP server: ${(e as Error).message}`, { cause: e }), v.decisionId)
      }
      await exchange(s, req, res, v)
      // An initialize the transport refused (its Accept or content type) opened no session: stop the child.
      if (s.http.sessionId === undefined) void end(s)
    },
    async expireIdle() {
      const ends = sweep(clock())
      await Promise.all(ends)
      return ends.length
    },
    sessions: () => [
      ...[...all].map((s) => ({ id: s.http.sessionId, agent: s.agent, pid: s.child?.pid, exchanges: s.open })),
      ...pool.list().map((c) => ({ id: undefined, agent: c.agent, pid: c.child.pid, exchanges: c.inFlight.size, stateless: true as const })),
    ],
    async close() {
      if (timer !== undefined) clearInterval(timer)
      await Promise.all([...all].map(end))
      await pool.close()
    },
  }
}
