/** @module guard/node: the plain node:http adapter of the guard. */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http'
import type { Duplex } from 'node:stream'
import { PROBLEM_CONTENT_TYPE, VerbatimError, retryAfterSeconds, toProblem } from '../errors/index.js'
import { endHeadFault, endSocket, rawProblemResponse } from '../http/index.js'
import { closesConnection, readRequestBody } from '../intake/index.js'
import type { BodyLimits } from '../intake/index.js'
import type { GuardOptions } from './core.js'
import { createGuardCore } from './core.js'
import { RECEIPT_HEADER, checkMethod } from '../binding/index.js'
import { nodeHeaderNames, nodeHeaders, splitTarget } from './target.js'
import type { VerifiedBinding } from './types.js'

export type GuardedNodeHandler = (req: IncomingMessage, res: ServerResponse, verified: VerifiedBinding) => void | Promise<void>

/** Reads the whole body, stopping at `max` bytes without buffering more (intake's reader). */
export function readNodeBody(req: IncomingMessage, max: number, extra: Pick<BodyLimits, 'budget' | 'deadline'> = {}): Promise<Uint8Array> {
  return readRequestBody(req, { body: () => null, header: () => undefined }, max, extra)
}

/** An MCP GET or DELETE: a body behind it is a framing fault, and is never read. */
export function noBody(req: { headers: Record<string, string | string[] | undefined> }): void {
  const len = req.headers['content-length']
  if ((len !== undefined && len !== '0') || req.headers['transfer-encoding'] !== undefined) {
    throw new VerbatimError('ERR_INTAKE_LENGTH_MISMATCH', 'this request carries no body', { detail: { closeConnection: true } })
  }
}

/** The executor could not be reached and no byte of the call went to it: safe to send again. */
const notDelivered = (err: unknown): boolean => err instanceof VerbatimError && err.code === 'ERR_GUARD_EXECUTOR_UNAVAILABLE' && err.detail?.['sent'] === false

/** Writes an RFC 9457 problem for a VerbatimError (or ERR_INTERNAL). */
export function writeProblem(res: ServerResponse, err: unknown, decisionId?: string): void {
  const p = toProblem(err, decisionId)
  const body = JSON.stringify(p)
  const headers: OutgoingHttpHeaders = { 'content-type': PROBLEM_CONTENT_TYPE, 'content-length': Buffer.byteLength(body) }
  // A body we stopped reading must not be parsed as the next request on this connection.
  if (closesConnection(err) || p.code === 'ERR_INTAKE_TOO_LARGE' || p.code === 'ERR_INTAKE_LENGTH_MISMATCH') headers['connection'] = 'close'
  // A refusal for want of capacity, and an executor that was not reached (the call did not run), say when to come back.
  if (p.status === 503 || notDelivered(err)) headers['retry-after'] = retryAfterSeconds()
  res.writeHead(p.status, headers)
  res.end(body)
}

/**
 * Wraps a node:http handler: it runs only on a verified binding, after the execution record is
 * durable, and gets the VerifiedBinding. Refusals are problem+json 401/403/503. The receipt header is
 * added when the handler writes its head (explicitly or implicitly), signed over that status.
 * @example
 * createServer(guardNodeHandler({ audience, keys }, (req, res, v) => { res.end(JSON.stringify(run(v.tool, v.value))) }))
 */
export function guardNodeHandler(options: GuardOptions, handler: GuardedNodeHandler): (req: IncomingMessage, res: ServerResponse) => void {
  const core = createGuardCore(options)
  return (req, res) => {
    void (async () => {
      let body: Uint8Array = new Uint8Array()
      const limits = core.bodyLimits()
      try {
        checkMethod(req.method ?? '') // before the body (docs/binding.md §6)
        if (core.bodiless(req.method ?? '')) noBody(req)
        else body = await readNodeBody(req, core.maxBodyBytes, limits)
      } catch (err) {
        writeProblem(res, err)
        return
      }
      // The body counts against the guard's budget until its answer is done.
      if (limits.budget !== undefined) {
        const budget = limits.budget
        const held = body.byteLength
        res.once('close', () => budget.give(held))
      }
      const { path, query } = splitTarget(req.url ?? '/')
      const r = await core.check({ method: req.method ?? '', path, query, headers: nodeHeaders(req), headerNames: nodeHeaderNames(req) }, body)
      if (!r.ok) {
        const b = JSON.stringify(r.problem)
        res.writeHead(r.status, { 'content-type': PROBLEM_CONTENT_TYPE, 'content-length': Buffer.byteLength(b), ...(r.retryAfter === undefined ? {} : { 'retry-after': String(r.retryAfter) }) })
        res.end(b)
        return
      }
      const v = r.verified
      let receipt: string | undefined
      const writeHead = res.writeHead.bind(res) as (status: number, ...rest: unknown[]) => ServerResponse
      // node calls writeHead for implicit headers too, so every path to the wire passes here.
      res.writeHead = ((status: number, ...rest: unknown[]): ServerResponse => {
        receipt = core.receipt(v, status)
        if (receipt !== undefined) {
          const last = rest[rest.length - 1]
          if (typeof last === 'object' && last !== null && !Array.isArray(last)) (last as OutgoingHttpHeaders)[RECEIPT_HEADER] = receipt
          else res.setHeader(RECEIPT_HEADER, receipt)
        }
        return writeHead(status, ...rest)
      }) as typeof res.writeHead
      try {
        await handler(req, res, v)
      } catch (err) {
        if (!res.headersSent) writeProblem(res, err, v.decisionId)
        else res.destroy(err as Error)
      }
      if (res.headersSent) await core.recordReceipt(v, res.statusCode, receipt)
    })().catch((err: unknown) => {
      if (!res.headersSent) writeProblem(res, err)
      else res.destroy()
    })
  }
}

/**
 * The guard's `clientError` listener: what node's parser refuses before any handler sees it (a method it does not know,
 * such as `post`; bytes that are not HTTP/1.1) is answered with an RFC 9457 problem, ERR_INTAKE_MALFORMED_HTTP (400),
 * instead of node's bare 400, and the connection is closed (docs/binding.md §6, the method pre-check). Nothing is read
 * further and nothing runs. `onRefuse` sees each refusal (metrics).
 * @example server.on('clientError', guardClientError())
 */
export function guardClientError(onRefuse: (e: VerbatimError) => void = () => {}): (err: NodeJS.ErrnoException, socket: Duplex) => void {
  return (err, socket) => {
    // A client that hung up is not malformed HTTP, and a socket that cannot be written gets no answer.
    if (err.code === 'ECONNRESET' || err.code === 'HPE_INVALID_EOF_STATE' || !socket.writable) {
      socket.destroy()
      return
    }
    // A head past its deadline (408) or too large (431): no request exists to refuse.
    if (endHeadFault(err, socket)) return
    const e = new VerbatimError('ERR_INTAKE_MALFORMED_HTTP', err.code === 'HPE_INVALID_METHOD'
      ? 'the method is not one an HTTP/1.1 parser reads: uppercase letters A-Z (docs/binding.md §6)'
      : `not a valid HTTP/1.1 request (${err.code ?? 'parse error'})`)
    onRefuse(e)
    endSocket(socket, rawProblemResponse(e))
  }
}
