/** @module http/connections: one request at a time per connection, nothing after a closing answer, and a connection cap. */
import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http'
import type { Socket } from 'node:net'

export interface ConnectionRules {
  /** Open connections allowed at once; a connection beyond it gets `overloaded()` and is closed unread. */
  maxConnections: number
  /** Raw HTTP/1.1 bytes for a connection over the cap (a 503 with Connection: close). */
  overloaded: () => string
  /** Answers a request whose framing is faulty before any handler sees it (must close the connection). */
  faultyFraming: (req: IncomingMessage, res: ServerResponse, why: string) => void
  /** Requests parsed ahead of the one being served, per connection; more closes the connection. */
  maxPipelined?: number
  /** Called when a connection is refused or cut (rate-limit your own logging). */
  onShed?: (why: 'connections' | 'pipeline') => void
}

interface ConnState {
  busy: boolean
  /** Set once an answer said Connection: close (or the socket ended): nothing more is processed. */
  closing: boolean
  queue: Array<[IncomingMessage, ServerResponse]>
}

export interface ConnectionStats {
  readonly open: number
  readonly shed: number
}

/**
 * Node parses pipelined requests as their bytes arrive and runs their handlers side by side, even
 * behind an answer that closes the connection. RFC 9112 §9.3 lets a server process pipelined
 * requests in order, and §9.6 says that after `close` it must not process any further request on
 * that connection. So each connection gets a queue: the next request starts only when the previous
 * answer has finished, and nothing is started once an answer closed the connection. RFC 9112 §6.1:
 * an HTTP/1.0 message with Transfer-Encoding has faulty framing; it is answered and the connection closed.
 */
export function disciplineConnections(server: Server, handler: RequestListener, rules: ConnectionRules): ConnectionStats {
  const states = new WeakMap<Socket, ConnState>()
  const maxPipelined = rules.maxPipelined ?? 32
  let open = 0
  let shed = 0

  server.on('connection', (socket: Socket) => {
    if (open >= rules.maxConnections) {
      shed++
      rules.onShed?.('connections')
      states.set(socket, { busy: true, closing: true, queue: [] })
      socket.on('error', () => undefined)
      socket.end(rules.overloaded())
      return
    }
    open++
    states.set(socket, { busy: false, closing: false, queue: [] })
    socket.once('close', () => {
      open--
      const st = states.get(socket)
      if (st !== undefined) {
        st.closing = true
        st.queue.length = 0
      }
    })
  })

  const run = (st: ConnState, req: IncomingMessage, res: ServerResponse): void => {
    st.busy = true
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
    if (st.busy) {
      if (st.queue.length >= maxPipelined) {
        shed++
        rules.onShed?.('pipeline')
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
      return open
    },
    get shed() {
      return shed
    },
  }
}
