/** @module gate/client-error: bytes that are not HTTP get a problem+json 400, an audit record, and a closed connection. */
import type { Duplex } from 'node:stream'
import { VerbatimError, toProblem } from '../errors/index.js'
import type { GateDeps } from './deps.js'

/**
 * Node's parser reports a request it cannot frame (RFC 9112 §6.3): a body behind
 * Content-Length: 0 shows up here as a second, garbled request on the connection. Nothing of it
 * is ever handed to the pipeline; the connection is closed.
 */
export function onClientError(err: NodeJS.ErrnoException, socket: Duplex, deps: GateDeps, log: (line: string) => void): void {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy()
    return
  }
  if (err.code === 'HPE_HEADER_OVERFLOW' || err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    socket.end(err.code === 'HPE_HEADER_OVERFLOW' ? 'HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\n\r\n' : 'HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n')
    return
  }
  const decisionId = deps.newDecisionId()
  const e = new VerbatimError('ERR_INTAKE_MALFORMED_HTTP', `not a valid HTTP/1.1 request (${err.code ?? 'parse error'})`)
  const body = JSON.stringify(toProblem(e, decisionId))
  socket.end(
    `HTTP/1.1 400 Bad Request\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nVerbatim-Decision-Id: ${decisionId}\r\nConnection: close\r\n\r\n${body}`,
  )
  deps.audit
    .append('decision', { decisionId, verdict: 'reject', code: e.code, message: e.message })
    .catch((auditErr: unknown) => log(`verbatim gate: audit of a malformed request failed: ${String(auditErr)}`))
}
