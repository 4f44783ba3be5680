/** @module gate/forward: send exactly the approved bytes upstream over node:http, once, never retried. */
import { Agent as HttpAgent, request as httpRequest } from 'node:http'
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https'
import { VerbatimError } from '../errors/index.js'

export interface ForwardRequest {
  url: URL
  headers: Record<string, string>
  body: Uint8Array
  timeoutMs: number
  maxResponseBytes: number
}

export interface ForwardResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: Uint8Array
}

export type Forwarder = (req: ForwardRequest) => Promise<ForwardResponse>

/**
 * A POST with an explicit Content-Length and only the headers given: no agent headers, no
 * hop-by-hop headers, no re-encoding (DESIGN invariant 1). Transport failures are 502, timeouts
 * 504; the caller never retries a forwarded call (invariant 7).
 */
export function createForwarder(maxSockets: number): Forwarder {
  const agents = {
    http: new HttpAgent({ keepAlive: true, maxSockets }),
    https: new HttpsAgent({ keepAlive: true, maxSockets }),
  }
  return (req) =>
    new Promise<ForwardResponse>((resolve, reject) => {
      const isHttps = req.url.protocol === 'https:'
      const send = isHttps ? httpsRequest : httpRequest
      const r = send(req.url, {
        method: 'POST',
        agent: isHttps ? agents.https : agents.http,
        headers: { ...req.headers, 'content-length': String(req.body.byteLength) },
        timeout: req.timeoutMs,
      })
      const timer = setTimeout(() => r.destroy(new VerbatimError('ERR_GATE_UPSTREAM_TIMEOUT', `no answer within ${req.timeoutMs} ms`)), req.timeoutMs)
      r.on('timeout', () => r.destroy(new VerbatimError('ERR_GATE_UPSTREAM_TIMEOUT', `no answer within ${req.timeoutMs} ms`)))
      r.on('error', (err) => {
        clearTimeout(timer)
        reject(err instanceof VerbatimError ? err : new VerbatimError('ERR_GATE_UPSTREAM_UNAVAILABLE', `upstream: ${(err as NodeJS.ErrnoException).code ?? err.message}`, { cause: err }))
      })
      r.on('response', (res) => {
        const chunks: Buffer[] = []
        let total = 0
        res.on('data', (c: Buffer) => {
          total += c.byteLength
          if (total > req.maxResponseBytes) {
            res.destroy(new VerbatimError('ERR_GATE_UPSTREAM_UNAVAILABLE', `upstream response exceeds ${req.maxResponseBytes} bytes`))
            return
          }
          chunks.push(c)
        })
        res.on('error', (err) => {
          clearTimeout(timer)
          reject(err instanceof VerbatimError ? err : new VerbatimError('ERR_GATE_UPSTREAM_UNAVAILABLE', 'upstream response aborted', { cause: err }))
        })
        res.on('end', () => {
          clearTimeout(timer)
          resolve({ status: res.statusCode ?? 502, headers: res.headers, body: new Uint8Array(Buffer.concat(chunks)) })
        })
      })
      r.end(req.body)
    })
}
