/** @module http/raw-response: a whole HTTP/1.1 problem response as bytes, for sockets no request handler owns. */
import { STATUS_CODES } from 'node:http'
import type { ServerResponse } from 'node:http'
import type { Duplex } from 'node:stream'
import { PROBLEM_CONTENT_TYPE, toProblem } from '../errors/index.js'
import type { VerbatimError } from '../errors/index.js'

/**
 * `HTTP/1.1 <status>` with an RFC 9457 problem body, `Connection: close` and the extra headers given:
 * the answer to a connection refused before (or instead of) parsing a request.
 */
export function rawProblemResponse(err: VerbatimError, extra: Record<string, string> = {}, decisionId?: string): string {
  const problem = toProblem(err, decisionId)
  const body = JSON.stringify(problem)
  const head = [`HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status] ?? ''}`, `Content-Type: ${PROBLEM_CONTENT_TYPE}`, `Content-Length: ${Buffer.byteLength(body)}`]
  for (const [k, v] of Object.entries(extra)) head.push(`${k}: ${v}`)
  head.push('Connection: close')
  return `${head.join('\r\n')}\r\n\r\n${body}`
}

/** Answers a parsed request with an RFC 9457 problem and closes the connection (faulty framing and the like). */
export function endWithProblem(res: ServerResponse, err: VerbatimError, extra: Record<string, string> = {}, decisionId?: string): void {
  const problem = toProblem(err, decisionId)
  const body = JSON.stringify(problem)
  res.writeHead(problem.status, { ...extra, 'content-type': PROBLEM_CONTENT_TYPE, 'content-length': Buffer.byteLength(body), connection: 'close' }).end(body)
}

/**
 * Sends a whole answer and closes the connection, without waiting on the peer: an http socket is
 * half-open, so `end()` alone keeps the descriptor until the peer closes its side, which an attacker
 * never does. The peer gets `lingerMs` to read the answer, then the socket is destroyed.
 */
export function endSocket(socket: Duplex, bytes: string, lingerMs = 1000): void {
  socket.on('error', () => undefined)
  if (socket.destroyed) return
  const timer = setTimeout(() => socket.destroy(), lingerMs)
  timer.unref()
  socket.once('close', () => clearTimeout(timer))
  if (socket.writable) socket.end(bytes)
  else socket.destroy()
}
