/** @module gate/forward: send exactly the approved bytes upstream over node:http, once, never retried. */
import type { Readable } from 'node:stream'
import { Agent as HttpAgent, request as httpRequest } from 'node:http'
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https'
import { VerbatimError } from '../errors/index.js'

export interface ForwardRequest {
  url: URL
  /** Default POST. */
  method?: 'POST' | 'GET' | 'DELETE'
  headers: Record<string, string>
  body: Uint8Array
  /** Until the response head arrives; for a buffered forward, until its body has arrived too. */
  timeoutMs: number
  maxResponseBytes: number
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

const unavailable = (message: string, cause?: unknown): VerbatimError => new VerbatimError('ERR_GATE_UPSTREAM_UNAVAILABLE', message, { cause })
const timedOut = (ms: number): VerbatimError => new VerbatimError('ERR_GATE_UPSTREAM_TIMEOUT', `no answer within ${ms} ms`)

/**
 * Both forwarders over one pair of keep-alive agents. A request carries an explicit Content-Length
 * and only the headers given: no agent headers, no hop-by-hop headers, no re-encoding (DESIGN
 * invariant 1). Transport failures are 502, timeouts 504; nothing is retried (invariant 7).
 */
export function createForwarders(maxSockets: number): { forward: Forwarder; stream: StreamForwarder } {
  const agents = {
    http: new HttpAgent({ keepAlive: true, maxSockets }),
    https: new HttpsAgent({ keepAlive: true, maxSockets }),
  }
  const stream: StreamForwarder = (req) =>
    new Promise<StreamedResponse>((resolve, reject) => {
      const isHttps = req.url.protocol === 'https:'
      const headers = req.body.byteLength > 0 || (req.method ?? 'POST') === 'POST' ? { ...req.headers, 'content-length': String(req.body.byteLength) } : req.headers
      const r = (isHttps ? httpsRequest : httpRequest)(req.url, { method: req.method ?? 'POST', agent: isHttps ? agents.https : agents.http, headers })
      const timer = setTimeout(() => r.destroy(timedOut(req.timeoutMs)), req.timeoutMs)
      r.on('error', (err) => {
        clearTimeout(timer)
        reject(err instanceof VerbatimError ? err : unavailable(`upstream: ${(err as NodeJS.ErrnoException).code ?? err.message}`, err))
      })
      r.on('response', (res) => {
        clearTimeout(timer)
        resolve({ status: res.statusCode ?? 502, headers: res.headers, body: res })
      })
      r.end(req.body)
    })
  const forward: Forwarder = async (req) => {
    const started = Date.now()
    const res = await stream(req)
    return new Promise<ForwardResponse>((resolve, reject) => {
      const chunks: Buffer[] = []
      let total = 0
      const left = Math.max(1, req.timeoutMs - (Date.now() - started))
      const timer = setTimeout(() => res.body.destroy(timedOut(req.timeoutMs)), left)
      res.body.on('data', (c: Buffer) => {
        total += c.byteLength
        if (total > req.maxResponseBytes) {
          res.body.destroy(unavailable(`upstream response exceeds ${req.maxResponseBytes} bytes`))
          return
        }
        chunks.push(c)
      })
      res.body.on('error', (err) => {
        clearTimeout(timer)
        reject(err instanceof VerbatimError ? err : unavailable('upstream response aborted', err))
      })
      res.body.on('end', () => {
        clearTimeout(timer)
        resolve({ status: res.status, headers: res.headers, body: new Uint8Array(Buffer.concat(chunks)) })
      })
    })
  }
  return { forward, stream }
}

/** The buffered forwarder alone (tests and probes). */
export function createForwarder(maxSockets: number): Forwarder {
  return createForwarders(maxSockets).forward
}
