/**
 * @module tests/helpers/recording-proxy: a middlebox that passes HTTP through unchanged, streaming
 * answers (event streams included), and records every request it relayed with the status it got.
 * Put one on a hop (gate → guard, guard → server) to see the exact bytes that crossed it.
 */
import { createServer, request } from 'node:http'
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface Relayed {
  method: string
  path: string
  headers: IncomingHttpHeaders
  body: Buffer
  /** The status the far side answered; undefined until its head arrived (or when it failed). */
  status?: number
}

export interface RecordingProxy {
  url: string
  seen: Relayed[]
  close(): Promise<void>
}

/** Hop-by-hop fields (RFC 9110 §7.6.1) and the framing node sets itself. */
const HOP = new Set(['host', 'connection', 'keep-alive', 'transfer-encoding', 'content-length', 'te', 'upgrade', 'proxy-connection'])

function passed(h: IncomingHttpHeaders): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {}
  for (const [k, v] of Object.entries(h)) if (!HOP.has(k) && v !== undefined) out[k] = v
  return out
}

/** `edit` may change the headers of a request on its way (a middlebox that tampers); the recording keeps what arrived. */
export async function startRecordingProxy(target: string, edit?: (headers: OutgoingHttpHeaders, r: Relayed) => void): Promise<RecordingProxy> {
  const base = new URL(target)
  const seen: Relayed[] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const r: Relayed = { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks) }
      seen.push(r)
      const headers = passed(req.headers)
      if (r.body.byteLength > 0 || r.method === 'POST') headers['content-length'] = String(r.body.byteLength)
      edit?.(headers, r)
      const out = request(new URL(r.path, base), { method: r.method, headers }, (answer) => {
        if (answer.statusCode !== undefined) r.status = answer.statusCode
        res.writeHead(answer.statusCode ?? 502, passed(answer.headers))
        answer.pipe(res)
      })
      out.on('error', () => (res.headersSent ? res.destroy() : res.writeHead(502).end()))
      res.on('close', () => out.destroy())
      out.end(r.body)
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise<void>((r) => {
      server.closeAllConnections()
      server.close(() => r())
    }),
  }
}
