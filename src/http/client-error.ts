/** @module http/client-error: the answer to a connection whose request head never completed, or is not HTTP. */
import type { Duplex } from 'node:stream'
import { VerbatimError } from '../errors/index.js'
import { endSocket, rawProblemResponse } from './raw-response.js'

/**
 * A head that did not arrive within the header deadline (node's ERR_HTTP_REQUEST_TIMEOUT) gets 408
 * ERR_INTAKE_HEADERS_TIMEOUT (RFC 9110 §15.5.9: the server would not wait any longer); one larger than node's header limit gets 431. Either way the connection
 * is closed, without waiting for the peer. Returns false for any other error, which is the caller's.
 */
export function endHeadFault(err: NodeJS.ErrnoException, socket: Duplex): boolean {
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    endSocket(socket, rawProblemResponse(new VerbatimError('ERR_INTAKE_HEADERS_TIMEOUT', 'the request head did not arrive in time')))
    return true
  }
  if (err.code === 'HPE_HEADER_OVERFLOW') {
    endSocket(socket, 'HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\n\r\n')
    return true
  }
  return false
}

/** node's clientError for a server that has no handler of its own (the guard): as node's default, but every socket is released. */
export function closeOnClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || err.code === 'HPE_INVALID_EOF_STATE' || !socket.writable) {
    socket.destroy()
    return
  }
  if (endHeadFault(err, socket)) return
  endSocket(socket, 'HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n')
}
