/**
 * @module guard/mcp-stateless: requests of the stateless MCP revision (2026-07-28) to a stdio server: each agent's
 * requests share its own children, each request answered on its own HTTP exchange.
 */
import type { ServerResponse } from 'node:http'
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js'
import type { JsonValue } from '../canonical/index.js'
import { VerbatimError } from '../errors/index.js'
import { idKey, metaOf } from '../mcp/index.js'
import type { RpcMessage } from '../mcp/index.js'
import type { McpChild } from './mcp-child.js'
import { writeProblem } from './node.js'
import type { VerifiedBinding } from './types.js'

export interface StatelessPoolOptions {
  spawn: () => Promise<McpChild>
  clock: () => number
  /** A child with nothing in flight for this long is closed. */
  idleMs: number
  log: (line: string) => void
  /** Why a new child for this agent would exceed the executor's caps, or undefined. */
  room: (agent: string) => VerbatimError | undefined
}

export interface StatelessPool {
  handle(res: ServerResponse, v: VerifiedBinding & { rpc: RpcMessage }): Promise<void>
  /** Closes every child idle by `now`; one promise per child closed. */
  sweep(now: number): Promise<void>[]
  /** Children this agent holds. */
  held(agent: string): number
  readonly size: number
  list(): StatelessChild[]
  close(): Promise<void>
}

/** One request in flight on a child: where its answer goes. */
interface Pending {
  key: string
  res: ServerResponse
  /** Its `_meta.progressToken`, by which the server's progress notifications name it. */
  progress?: string
  /** True once the gate hung up: the child may still answer, into nothing. */
  abandoned: boolean
  /** Resolves the exchange once its head is written (or it ended without one). */
  headed: () => void
}

/** A child shared by one agent's stateless requests. */
export interface StatelessChild {
  child: McpChild
  agent: string
  inFlight: Map<string, Pending>
  /** No new request goes to a retired child; it is closed once nothing live is in flight. */
  retired: boolean
  lastActive: number
}

const SUBSCRIPTION = 'io.modelcontextprotocol/subscriptionId'
const tokenKey = (v: JsonValue | undefined): string | undefined => (typeof v === 'string' || typeof v === 'number' ? JSON.stringify(v) : undefined)

/** An event of the answer's stream: the child's line as it wrote it (the gate reads every message strictly). */
const event = (line: string): string => `event: message\ndata: ${line}\n\n`

/**
 * Writes one message of the child to the request it belongs to: a response first (before any
 * notification) is a JSON answer; a notification commits an event stream, which the response ends.
 */
function deliver(p: Pending, m: JSONRPCMessage, line: string): void {
  if (p.abandoned) return
  const isResponse = !('method' in m)
  if (!p.res.headersSent) {
    if (isResponse) {
      p.res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(line) }).end(line)
      p.headed()
      return
    }
    p.res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' })
    p.res.flushHeaders()
    p.headed()
  }
  p.res.write(event(line))
  if (isResponse) p.res.end()
}

/** The request a notification of the child belongs to: by progress token, by subscription id, or the only one in flight. */
function owner(c: StatelessChild, m: JSONRPCMessage): Pending | undefined {
  const params = 'params' in m && typeof m.params === 'object' && m.params !== null ? (m.params as { [k: string]: JsonValue }) : {}
  const token = tokenKey(params['progressToken'])
  if (token !== undefined) for (const p of c.inFlight.values()) if (p.progress === token) return p
  const meta = params['_meta']
  const sub = typeof meta === 'object' && meta !== null && !Array.isArray(meta) ? meta[SUBSCRIPTION] : undefined
  if (typeof sub === 'string' || typeof sub === 'number') return c.inFlight.get(idKey(sub))
  // A stdio server says nothing else about which request a notification is for: the newest one in flight.
  return [...c.inFlight.values()].at(-1)
}

/** Routes what the child writes: a response to its request (exactly by id), a notification to its owner, a request nowhere (MRTR servers send none). */
export function onChildMessage(c: StatelessChild, m: JSONRPCMessage, line: string, log: (l: string) => void): void {
  if ('id' in m && !('method' in m)) {
    const p = c.inFlight.get(idKey(m.id as string | number))
    if (p === undefined) return log(`verbatim guard: the MCP server answered id ${String(m.id)}, which no open request awaits; dropped`)
    c.inFlight.delete(p.key)
    deliver(p, m, line)
    return
  }
  if ('id' in m) return log('verbatim guard: a 2026-07-28 MCP server sent a request (it asks for input with input_required); dropped')
  const p = owner(c, m)
  if (p !== undefined) deliver(p, m, line)
}

/**
 * The child a message goes to: for a request, one of this agent's children, not retired, without a
 * request of the same id in flight (the answers would collide); for a notification that names a
 * request (notifications/cancelled), the child running it; for any other notification, this
 * agent's newest child. Undefined when there is none (a request then gets a new child).
 */
export function pickChild(children: Iterable<StatelessChild>, agent: string, rpc: RpcMessage): StatelessChild | undefined {
  const mine = [...children].filter((c) => c.agent === agent)
  if (rpc.kind === 'request') return mine.find((c) => !c.retired && !c.inFlight.has(idKey(rpc.id)))
  const named = rpc.kind === 'notification' ? rpc.params?.['requestId'] : undefined
  if (typeof named === 'string' || typeof named === 'number') return mine.find((c) => c.inFlight.has(idKey(named)))
  return mine.filter((c) => !c.retired).at(-1)
}

/**
 * Hands a verified request to the child, as its verified bytes, and resolves once its answer's head
 * is written. A notification is written and answered 202 at once. If the gate hangs up first, the
 * child is retired: the request may still be running there, and only closing its input can stop it
 * (the guard writes nothing to a child that it did not verify).
 */
export function sendTo(c: StatelessChild, res: ServerResponse, v: VerifiedBinding, now: number): Promise<void> {
  const rpc = v.rpc
  if (rpc === undefined || rpc.kind === 'response') {
    writeProblem(res, new VerbatimError('ERR_GUARD_TARGET_MISMATCH', 'MCP 2026-07-28 has no client responses'), v.decisionId)
    return Promise.resolve()
  }
  c.lastActive = now
  if (rpc.kind === 'notification') {
    c.child.write(v.bytes)
    res.writeHead(202).end()
    return Promise.resolve()
  }
  return new Promise<void>((headed) => {
    const key = idKey(rpc.id)
    const progress = tokenKey(metaOf(rpc)?.['progressToken'])
    const p: Pending = { key, res, abandoned: false, headed, ...(progress === undefined ? {} : { progress }) }
    c.inFlight.set(key, p)
    res.once('close', () => {
      if (c.inFlight.get(key) === p) {
        p.abandoned = true
        c.retired = true
      }
      headed()
    })
    c.child.write(v.bytes)
  })
}

/** True when a retired child has nothing live in flight: close it. */
export const spent = (c: StatelessChild): boolean => c.retired && [...c.inFlight.values()].every((p) => p.abandoned)

/**
 * The stateless children of one guard. A 2026-07-28 stdio server holds no session (basic/index,
 * Statelessness: a process is not a conversation), so one child may serve many requests; it serves
 * only one agent's, so that no agent's requests run in a process another agent's requests shaped.
 */
export function createStatelessPool(o: StatelessPoolOptions): StatelessPool {
  const pool = new Set<StatelessChild>()
  const closing = new Map<StatelessChild, Promise<void>>()
  const end = (c: StatelessChild): Promise<void> => {
    pool.delete(c)
    const done = closing.get(c) ?? c.child.close()
    closing.set(c, done)
    return done
  }
  const settle = (c: StatelessChild): void => {
    if (c.inFlight.size === 0) c.lastActive = o.clock()
    if (spent(c)) void end(c)
  }
  async function open(agent: string): Promise<StatelessChild> {
    const child = await o.spawn()
    const c: StatelessChild = { child, agent, inFlight: new Map(), retired: false, lastActive: o.clock() }
    pool.add(c)
    child.onmessage = (m, line) => {
      onChildMessage(c, m, line, o.log)
      settle(c)
    }
    child.onexit = (why) => {
      o.log(`verbatim guard: MCP server child of ${agent} (2026-07-28) ${why}`)
      pool.delete(c)
      for (const p of c.inFlight.values()) {
        if (!p.res.headersSent) writeProblem(p.res, new VerbatimError('ERR_GUARD_EXECUTOR_UNAVAILABLE', `the MCP server ${why} before it answered`))
        else p.res.destroy()
      }
      c.inFlight.clear()
    }
    return c
  }
  return {
    async handle(res, v) {
      let c = pickChild(pool, v.agent, v.rpc)
      if (c === undefined) {
        // A notification names nothing a child of this agent runs: there is no one to tell.
        if (v.rpc.kind !== 'request') return void res.writeHead(202).end()
        const full = o.room(v.agent)
        if (full !== undefined) return writeProblem(res, full, v.decisionId)
        try {
          c = await open(v.agent)
        } catch (e) {
          return writeProblem(res, new VerbatimError('ERR_GUARD_EXECUTOR_UNAVAILABLE', `cannot start the MCP server: ${(e as Error).message}`, { cause: e }), v.decisionId)
        }
      }
      const child = c
      const sent = sendTo(child, res, v, o.clock())
      res.once('close', () => settle(child))
      await sent
    },
    sweep: (now) => [...pool].filter((c) => c.inFlight.size === 0 && now - c.lastActive >= o.idleMs).map(end),
    held: (agent) => [...pool].filter((c) => c.agent === agent).length,
    get size() {
      return pool.size
    },
    list: () => [...pool],
    close: async () => void (await Promise.all([...pool].map(end))),
  }
}
