/** @module gate/forward: send exactly the approved bytes upstream (undici, keep-alive pools), once; say whether a byte left. */
import type { Readable } from 'node:stream'
import { Pool } from 'undici'
import { VerbatimError } from '../errors/index.js'
import { BufferedAnswer } from '../http/index.js'

export interface ForwardRequest {
  url: URL
  /** Default POST. */
  method?: 'POST' | 'GET' | 'DELETE'
  headers: Record<string, string>
  body: Uint8Array
  /** Total: until the whole buffered answer has arrived (a stream: until its head). */
  timeoutMs: number
  maxResponseBytes: number
  /** Until a connection is open (default 2 s); past it, nothing was sent. */
  connectTimeoutMs?: number
  /** Until the answer's head (default timeoutMs). */
  firstByteTimeoutMs?: number
}

export interface ForwardResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: Uint8Array
}

/** A response whose head has arrived; its body streams (an MCP event stream may stay open for hours). */
export interface StreamedResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: Readable
}

export type Forwarder = (req: ForwardRequest) => Promise<ForwardResponse>
export type StreamForwarder = (req: ForwardRequest) => Promise<StreamedResponse>

/** Codes of errors raised while opening the connection: no byte of the call left the gate. */
const CONNECT_CODES = new Set(['ECONNREFUSED', 'UND_ERR_CONNECT_TIMEOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND', 'EADDRNOTAVAIL'])
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT'])

/**
 * The VerbatimError of a transport failure, with `detail.sent` false when the connection never
 * opened (the only case the caller may retry) and `detail.fault` for the circuit breaker.
 */
export function forwardFailure(err: unknown, ms: number): VerbatimError {
  if (err instanceof VerbatimError) return err
  const e = err as NodeJS.ErrnoException
  // A DOMException carries a legacy numeric `code` (23 for TimeoutError): its name decides.
  const code = e.name === 'TimeoutError' || e.name === 'AbortError' ? 'TIMEOUT' : typeof e.code === 'string' ? e.code : undefined
  const sent = !CONNECT_CODES.has(code ?? '')
  if (code === 'TIMEOUT' || TIMEOUT_CODES.has(code ?? '')) {
    return new VerbatimError('ERR_GATE_UPSTREAM_TIMEOUT', code === 'UND_ERR_CONNECT_TIMEOUT' ? 'no connection to the upstream in time' : `no answer within ${ms} ms`, { cause: err, detail: { sent, fault: true } })
  }
  const what = sent ? 'the call may have reached it: do not repeat it without checking' : 'the call was not sent: it is safe to retry'
  return new VerbatimError('ERR_GATE_UPSTREAM_UNAVAILABLE', `upstream: ${code ?? e.message}; ${what}`, { cause: err, detail: { sent, fault: true } })
}

/**
 * Both forwarders over keep-alive pools (one per upstream origin and connect timeout). A request
 * carries an explicit Content-Length and only the headers given: no agent headers, no hop-by-hop
 * headers, no re-encoding (DESIGN invariant 1). Transport failures are 502, timeouts 504; nothing is
 * retried here (invariant 7): the caller decides, knowing whether a byte left.
 */
export function createForwarders(maxSockets: number): { forward: Forwarder; stream: StreamForwarder; close: () => Promise<void> } {
  const pools = new Map<string, Pool>()
  const pool = (url: URL, connectTimeoutMs: number): Pool => {
    const key = `${url.origin} ${connectTimeoutMs}`
    let p = pools.get(key)
    if (p === undefined) {
      p = new Pool(url.origin, { connections: maxSockets, connect: { timeout: connectTimeoutMs }, keepAliveTimeout: 30_000, pipelining: 1 })
      pools.set(key, p)
    }
    return p
  }
  const headersOf = (req: ForwardRequest, method: string): Record<string, string> =>
    req.body.byteLength > 0 || method === 'POST' ? { ...req.headers, 'content-length': String(req.body.byteLength) } : req.headers
  const stream: StreamForwarder = async (req) => {
    const method = req.method ?? 'POST'
    try {
      const r = await pool(req.url, req.connectTimeoutMs ?? 2_000).request({
        path: req.url.pathname + req.url.search,
        method,
        headers: headersOf(req, method),
        body: req.body.byteLength > 0 ? req.body : null,
        headersTimeout: req.firstByteTimeoutMs ?? req.timeoutMs,
        bodyTimeout: 0,
      })
      return { status: r.statusCode, headers: r.headers, body: r.body as unknown as Readable }
    } catch (err) {
      throw forwardFailure(err, req.timeoutMs)
    }
  }
  // The buffered call goes through undici's dispatch with a handler of its own: no AbortController,
  // no body stream or async iterator per call (each showed in the profile), one timer for the
  // total deadline, and the answer collected as it arrives.
  const forward: Forwarder = (req) => new Promise((resolve, reject) => {
    const method = req.method ?? 'POST'
    // Over maxResponseBytes is 502 (the rest left unread), past the total deadline 504.
    const answer = new BufferedAnswer(
      { timeoutMs: req.timeoutMs, maxBytes: req.maxResponseBytes, timeout: () => new DOMException(`no answer within ${req.timeoutMs} ms`, 'TimeoutError') },
      resolve,
      (f) => reject(f.tooLarge ? new VerbatimError('ERR_GATE_UPSTREAM_UNAVAILABLE', `upstream response exceeds ${req.maxResponseBytes} bytes`, { detail: { sent: true } }) : forwardFailure(f.err, req.timeoutMs)),
    )
    pool(req.url, req.connectTimeoutMs ?? 2_000).dispatch({
      path: req.url.pathname + req.url.search,
      method,
      headers: headersOf(req, method),
      body: req.body.byteLength > 0 ? req.body : null,
      headersTimeout: req.firstByteTimeoutMs ?? req.timeoutMs,
      bodyTimeout: req.timeoutMs,
    }, answer)
  })
  return {
    forward,
    stream,
    // After the server has drained: what is still open (an event stream) is cut, not awaited.
    close: async () => void (await Promise.all([...pools.values()].map((p) => p.destroy()))),
  }
}

/** The buffered forwarder alone (tests and probes). */
export function createForwarder(maxSockets: number): Forwarder {
  return createForwarders(maxSockets).forward
}
