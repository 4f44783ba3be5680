/** @module http/serve: a node:http server whose header, idle and request deadlines hold within a second of their value. */
import { createServer } from 'node:http'
import type { RequestListener, Server } from 'node:http'
import type { Duplex } from 'node:stream'
import { closeOnClientError } from './client-error.js'
import { disciplineConnections } from './connections.js'
import type { ConnectionRules, Connections } from './connections.js'

export interface Deadlines {
  /** A request head must be complete this long after the connection opened, or after the request's first byte: else 408 and close. */
  headersTimeoutMs: number
  /** A connection that waits for a request (new, or keep-alive between requests) and receives nothing for this long is closed. */
  idleTimeoutMs: number
  /** Time allowed for a request's body once its head is in (the handler's own deadline answers 408 first). */
  bodyTimeoutMs: number
}

export interface ServeRules extends Omit<ConnectionRules, 'idleTimeoutMs'>, Deadlines {
  /** node's clientError (bytes that are not HTTP, a head past its deadline); default: answer 408/431/400 and close. */
  onClientError?: (err: NodeJS.ErrnoException, socket: Duplex) => void
}

/**
 * RFC 9112 §9.5: a server closes connections it will no longer keep, such as inactive ones.
 * Node checks `headersTimeout` and `requestTimeout` on a sweep every `connectionsCheckingInterval`
 * (30 s by default), so a 15 s header deadline held sockets for up to 45 s. The sweep runs here at
 * least once a second. A socket that never sends a byte is cut by the idle timer (or, failing that,
 * the header deadline, which counts from the connection's start). `requestTimeout` is only a
 * backstop for the whole request's arrival (head and body); once a request has fully arrived, node
 * stops checking it, so a call that runs long on a slow executor is never cut by these deadlines.
 * Keep-alive: node tells the client `Keep-Alive: timeout=idle` and closes 1 s after it, so that the
 * client, not the server, ends the connection (no request is sent into a closing socket).
 */
export function serveConnections(handler: RequestListener, rules: ServeRules): { server: Server; connections: Connections } {
  const server = createServer({
    headersTimeout: rules.headersTimeoutMs,
    requestTimeout: rules.headersTimeoutMs + rules.bodyTimeoutMs,
    keepAliveTimeout: rules.idleTimeoutMs,
    connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(rules.headersTimeoutMs / 4))),
  })
  const connections = disciplineConnections(server, handler, rules)
  server.on('clientError', rules.onClientError ?? closeOnClientError)
  return { server, connections }
}
