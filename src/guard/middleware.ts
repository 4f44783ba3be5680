/** @module guard/middleware: the hono adapter; the handler runs only on a verified binding and reads it from the context. */
import type { IncomingMessage } from 'node:http'
import type { Context, MiddlewareHandler } from 'hono'
import { PROBLEM_CONTENT_TYPE, retryAfterSeconds, toProblem } from '../errors/index.js'
import { closesConnection, readRequestBody } from '../intake/index.js'
import type { GuardOptions } from './core.js'
import { createGuardCore } from './core.js'
import { noBody } from './node.js'
import { RECEIPT_HEADER, checkMethod } from '../binding/index.js'
import { nodeHeaderNames, nodeHeaders, splitTarget } from './target.js'
import type { VerifiedBinding } from './types.js'

/** The hono Env the middleware provides: `c.get('verbatim')` is the verified binding. */
export interface GuardEnv {
  Variables: { verbatim: VerifiedBinding }
}

function problemResponse(c: Context, status: number, problem: { code: string }, close = false, retryAfter?: number): Response {
  const headers: Record<string, string> = { 'content-type': PROBLEM_CONTENT_TYPE }
  // A body we stopped reading must not be parsed as the next request on this connection.
  if (close || problem.code === 'ERR_INTAKE_TOO_LARGE' || problem.code === 'ERR_INTAKE_LENGTH_MISMATCH') headers['connection'] = 'close'
  if (retryAfter !== undefined) headers['retry-after'] = String(retryAfter)
  else if (status === 503) headers['retry-after'] = retryAfterSeconds()
  return c.body(JSON.stringify(problem), status as 401, headers)
}

/**
 * hono middleware that verifies the Verbatim binding of every request (docs/binding.md §6).
 * On a refusal it answers problem+json (RFC 9457) 401/403/503 with the code, and the handler never
 * runs. On success the execution record is durable before `next()`, the handler reads
 * `c.get('verbatim').value`, and the response carries a signed `Verbatim-Receipt`.
 * @example
 * const app = new Hono<GuardEnv>()
 * app.use('/v1/tools/*', guard({ audience: 'sandbox-1', keys: jwksKeyResolver({ url }), log: auditWriter, receiptSigner }))
 * app.post('/v1/tools/:tool', (c) => c.json(run(c.get('verbatim'))))
 */
export function guard(options: GuardOptions): MiddlewareHandler<GuardEnv> {
  const core = createGuardCore(options)
  return async (c, next) => {
    // With @hono/node-server the raw request-target is on the node request; Request.url is normalised.
    const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming
    const limits = core.bodyLimits()
    let body: Uint8Array = new Uint8Array()
    try {
      checkMethod(incoming?.method ?? c.req.method) // before the body (docs/binding.md §6)
      // Stops reading at the limit, whatever the framing (a chunked body is never buffered whole).
      if (core.bodiless(c.req.method)) noBody({ headers: { 'content-length': c.req.header('content-length'), 'transfer-encoding': c.req.header('transfer-encoding') } })
      else body = await readRequestBody(incoming, { body: () => c.req.raw.body, header: (n) => c.req.header(n) }, core.maxBodyBytes, limits)
    } catch (err) {
      const p = toProblem(err)
      return problemResponse(c, p.status, p, closesConnection(err))
    }
    try {
      const { path, query } = splitTarget(incoming?.url ?? c.req.url)
      const headers = incoming !== undefined ? nodeHeaders(incoming) : (n: string) => c.req.header(n) ?? null
      const headerNames = incoming !== undefined ? nodeHeaderNames(incoming) : () => [...c.req.raw.headers.keys()]
      const r = await core.check({ method: c.req.method, path, query, headers, headerNames }, body)
      if (!r.ok) return problemResponse(c, r.status, r.problem, false, r.retryAfter)
      c.set('verbatim', r.verified)
      await next()
      const status = c.res.status
      const receipt = core.receipt(r.verified, status)
      if (receipt !== undefined) c.header(RECEIPT_HEADER, receipt)
      await core.recordReceipt(r.verified, status, receipt)
    } finally {
      limits.budget?.give(body.byteLength)
    }
  }
}
