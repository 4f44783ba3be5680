/** @module gate/client-error: bytes that are not HTTP, faulty framing and shed connections: a problem, an audit record, a closed connection. */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Duplex } from 'node:stream'
import { VerbatimError, retryAfterSeconds } from '../errors/index.js'
import { endHeadFault, endSocket, endWithProblem, rawProblemResponse } from '../http/index.js'
import type { ShedReason } from '../http/index.js'
import { unrecorded } from './call/index.js'
import type { AuditField, GateDeps } from './deps.js'

/**
 * Node's parser reports a request it cannot frame (RFC 9112 §6.3): a body behind
 * Content-Length: 0 shows up here as a second, garbled request on the connection. Nothing of it
 * is ever handed to the pipeline; the connection is closed.
 */
export function onClientError(err: NodeJS.ErrnoException, socket: Duplex, deps: GateDeps, log: (line: string) => void): void {
  // A client that hung up (mid-head or mid-body) is not malformed HTTP: the request in flight, if
  // any, is audited by the pipeline as ERR_INTAKE_ABORTED.
  if (err.code === 'ECONNRESET' || err.code === 'HPE_INVALID_EOF_STATE' || !socket.writable) {
    socket.destroy()
    return
  }
  // A head past its deadline (408) or too large (431): no request exists to audit.
  if (endHeadFault(err, socket)) return
  const e = new VerbatimError('ERR_INTAKE_MALFORMED_HTTP', `not a valid HTTP/1.1 request (${err.code ?? 'parse error'})`)
  void recordThen(deps, { verdict: 'reject', code: e.code, message: e.message }, log, (decisionId) => {
    endSocket(socket, decisionId === undefined ? rawProblemResponse(unrecorded(e), { 'Retry-After': retryAfterSeconds() }) : rawProblemResponse(e, { 'Verbatim-Decision-Id': decisionId }, decisionId))
  })
}

/**
 * Audits a rejection, then answers: with its decision id once the record is durable, or with none
 * (DESIGN invariant 8). The connection is closed either way.
 */
async function recordThen(deps: GateDeps, fields: Record<string, AuditField>, log: (line: string) => void, answer: (decisionId: string | undefined) => void): Promise<void> {
  const decisionId = deps.newDecisionId()
  try {
    await deps.audit.append('decision', { decisionId, ...fields })
  } catch (auditErr) {
    log(`verbatim gate: audit of a malformed request failed: ${String(auditErr)}`)
    return answer(undefined)
  }
  answer(decisionId)
}

/** RFC 9112 §6.1 and the like: a parsed request whose framing cannot be trusted. Answered 400, audited, closed. */
export function refuseFraming(req: IncomingMessage, res: ServerResponse, why: string, deps: GateDeps, log: (line: string) => void): void {
  const e = new VerbatimError('ERR_INTAKE_MALFORMED_HTTP', why)
  const fields = { verdict: 'reject', code: e.code, message: e.message, method: req.method ?? '', target: (req.url ?? '').slice(0, 256) }
  void recordThen(deps, fields, log, (decisionId) => {
    if (decisionId === undefined) endWithProblem(res, unrecorded(e), { 'retry-after': retryAfterSeconds() })
    else endWithProblem(res, e, { 'verbatim-decision-id': decisionId }, decisionId)
  })
}

/** The raw answer to a connection over limits.maxConnections: 503 with a jittered Retry-After, then close. */
export function overloadedBytes(): string {
  return rawProblemResponse(new VerbatimError('ERR_GATE_OVERLOADED', 'too many open connections'), { 'Retry-After': retryAfterSeconds() })
}

/** Why connections are shed, in the operator's words (a new one refused, or the oldest idle unauthenticated one closed). */
export function shedReason(why: ShedReason, maxConnections: number): string {
  if (why === 'pipeline') return 'too many pipelined requests on one connection'
  const limit = why === 'connections' ? `${maxConnections} open connections, the cap` : 'the budget of unauthenticated connections is spent'
  return `${limit}: a connection was refused, or the oldest idle unauthenticated one closed`
}
