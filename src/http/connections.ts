/** @module http/connections: one request at a time per connection, nothing after a closing answer, and who may hold a connection. */
import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import { createAdmission } from './admission.js'
import { endSocket } from './raw-response.js'

export type ShedReason = 'connections' | 'unauthenticated' | 'pipeline'

export interface ConnectionRules {
  /** Open connections allowed at once; never exceeded. */
  maxConnections: number
  /**
   * Open connections that have not yet authenticated (default maxConnections). When a new connection
   * finds no room, the oldest of them with no request in progress is closed with `overloaded()`; if
   * none, the new one is (http/admission).
   */
  maxUnauthenticated?: number
  /** An unauthenticated connection younger than this is not closed to keep that budget (default 1000 ms; the cap holds regardless). */
  unauthenticatedGraceMs?: number
  /** Whether a request's head authenticates its connection (the gate: a valid bearer token); else call `authenticate(socket)`. */
  authenticates?: (req: IncomingMessage) => boolean
  /** A new connection that sends no byte for this long is closed (between requests, node's keepAliveTimeout does it). */
  idleTimeoutMs?: number
  /** Raw HTTP/1.1 bytes for a connection refused or closed to make room (a 503 with Connection: close). */
  overloaded: () => string
  /** Answers a request whose framing is faulty before any handler sees it (must close the connection). */
  faultyFraming: (req: IncomingMessage, res: ServerResponse, why: string) => void
  /** Requests parsed ahead of the one being served, per connection; more closes the connection. */
  maxPipelined?: number
  /** Called when a connection is refused or cut (rate-limit your own logging). */
  onShed?: (why: ShedReason) => void
}

interface ConnState {
  busy: boolean
  /** Set once an answer said Connection: close (or the socket ended): nothing more is processed. */
  closing: boolean
  /** No request head has arrived yet: the idle timer of a new connection runs. */
  fresh: boolean
  /** A request on it proved who sent it. */
  trusted: boolean
  queue: Array<[IncomingMessage, ServerResponse]>
}

export interface ConnectionStats {
  readonly open: number
  /** Open connections that have not yet authenticated. */
  readonly unauthenticated: number
  readonly shed: number
}

export interface Connections extends ConnectionStats {
  /** A request on `socket` proved who sent it (the guard: a verified binding): it leaves the unauthenticated budget. */
  authenticate(socket: Socket): void
}

/**
 * Node parses pipelined requests as their bytes arrive and runs their handlers side by side, even
 * behind an answer that closes the connection. RFC 9112 §9.3 lets a server process pipelined
 * requests in order, and §9.6 says that after `close` it must not process any further request on
 * that connection. So each connection gets a queue: the next request starts only when the previous
 * answer has finished, and nothing is started once an answer closed the connection. RFC 9112 §6.1:
 * an HTTP/1.0 message with Transfer-Encoding has faulty framing; it is answered and the connection closed.
 * Who may hold a connection is admission's rule (http/admission).
 */
export function disciplineConnections(server: Server, handler: RequestListener, rules: ConnectionRules): Connections {
  const states = new WeakMap<Socket, ConnState>()
  const maxPipelined = rules.maxPipelined ?? 32
  const admission = createAdmission<Socket>({
    maxConnections: rules.maxConnections,
    maxUnauthenticated: rules.maxUnauthenticated ?? rules.maxConnections,
    ...(rules.unauthenticatedGraceMs === undefined ? {} : { graceMs: rules.unauthenticatedGraceMs }),
  })
  let shed = 0
  const shedOne = (why: ShedReason): void => {
    shed++
    rules.onShed?.(why)
  }
  const trust = (socket: Socket): void => {
    const st = states.get(socket)
    if (st === undefined || st.trusted) return
    st.trusted = true
    admission.authenticate(socket)
  }
  const cut = (socket: Socket): void => {
    const st = states.get(socket)
    if (st !== undefined) {
      st.closing = true
      st.queue.length = 0
    }
    endSocket(socket, rules.overloaded())
  }

  server.on('connection', (socket: Socket) => {
    const a = admission.admit(socket)
    states.set(socket, { busy: !a.admitted, closing: !a.admitted, fresh: true, trusted: false, queue: [] })
    if (!a.admitted) {
      shedOne(a.why)
      endSocket(socket, rules.overloaded())
      return
    }
    if ('evict' in a) {
      shedOne(a.why)
      cut(a.evict)
    }
    // node's own timeout listener destroys a socket that times out with no request in progress.
    if (rules.idleTimeoutMs !== undefined) socket.setTimeout(rules.idleTimeoutMs)
    socket.once('close', () => {
      admission.release(socket)
      const st = states.get(socket)
      if (st !== undefined) {
        st.closing = true
        st.queue.length = 0
      }
    })
  })

  const run = (st: ConnState, req: IncomingMessage, res: ServerResponse): void => {
    st.busy = true
    admission.busy(req.socket)
    let done = false
    const next = (): void => {
      if (done) return
      done = true
      // node marks an answer that closes the connection; after it, nothing more is processed.
      if ((res as { _last?: boolean })._last === true || !res.shouldKeepAlive || res.destroyed) st.closing = true
      st.busy = false
      if (st.closing) {
        st.queue.length = 0
        return
      }
      const queued = st.queue.shift()
      if (queued !== undefined) run(st, queued[0], queued[1])
      else admission.idle(req.socket)
    }
    res.once('finish', next)
    res.once('close', next)
    const v = req.httpVersion
    if (v === '1.0' && req.headers['transfer-encoding'] !== undefined) {
      rules.faultyFraming(req, res, 'an HTTP/1.0 request with Transfer-Encoding has faulty framing (RFC 9112 §6.1)')
      return
    }
    handler(req, res)
  }

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const st = states.get(req.socket)
    if (st === undefined) {
      handler(req, res)
      return
    }
    if (st.closing) return // arrived behind a closing answer: never authenticated, evaluated or run
    if (st.fresh) {
      st.fresh = false
      // Its head is in: from here the header, body and keep-alive deadlines apply, never the idle one.
      if (rules.idleTimeoutMs !== undefined) req.socket.setTimeout(0)
    }
    if (!st.trusted && rules.authenticates?.(req) === true) trust(req.socket)
    if (st.busy) {
      if (st.queue.length >= maxPipelined) {
        shedOne('pipeline')
        st.closing = true
        st.queue.length = 0
        req.socket.destroy()
        return
      }
      st.queue.push([req, res])
      return
    }
    run(st, req, res)
  })

  return {
    get open() {
      return admission.open
    },
    get unauthenticated() {
      return admission.unauthenticated
    },
    get shed() {
      return shed
    },
    authenticate: trust,
  }
}
