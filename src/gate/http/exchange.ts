/** @module gate/http/exchange: one request and its reply, independent of node:http and of fetch. */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { Readable } from 'node:stream'
import { pipeCoalesced } from '../../http/index.js'

/** What a transport reads of a request. */
export interface Exchange {
  method: string
  /** The raw request-target, before any URL parser removed dot segments or decoded escapes. */
  target: string
  header(name: string): string | undefined
  /** The names of the headers received (MCP reads its Mcp-Param-* headers by them). */
  headerNames?(): string[]
  /** The node request, when there is one: the body is read from it directly. */
  incoming?: IncomingMessage
  /** Otherwise the body as a web stream (an exchange built from a fetch Request, in tests). */
  webBody?: () => ReadableStream<Uint8Array> | null
}

/** What a transport answers: a status, headers, and a body that is bytes, text or a stream. */
export interface Reply {
  status: number
  headers: Record<string, string>
  body: Uint8Array | string | Readable | null
}

export function fromNode(req: IncomingMessage): Exchange {
  return {
    method: req.method ?? 'GET',
    target: req.url ?? '/',
    header: (n) => {
      const v = req.headers[n]
      return Array.isArray(v) ? v.join(', ') : v
    },
    headerNames: () => Object.keys(req.headers),
    incoming: req,
  }
}

/** Writes a reply with node:http: bytes with an explicit Content-Length, a stream piped as it comes. */
export function writeReply(res: ServerResponse, reply: Reply): void {
  const b = reply.body
  if (b === null || typeof b === 'string' || b instanceof Uint8Array) {
    const len = b === null ? 0 : typeof b === 'string' ? Buffer.byteLength(b) : b.byteLength
    res.writeHead(reply.status, { ...reply.headers, 'content-length': String(len) })
    res.end(b ?? undefined)
    return
  }
  // The agent left before its answer's head came: its 'close' has fired already, so end the stream now (an MCP GET stream would stay open upstream for ever).
  if (res.destroyed) {
    b.on('error', () => undefined)
    b.destroy()
    return
  }
  res.writeHead(reply.status, reply.headers)
  b.on('error', () => res.destroy())
  res.on('close', () => b.destroy())
  // A stream's head goes in this turn of the event loop (an MCP event stream may carry nothing for a
  // long time), with whatever of the body came with it.
  pipeCoalesced(b, res)
}

/** For fetch-style callers (hono's app.request in tests). */
export function fromRequest(req: Request, rawTarget?: string): Exchange {
  const u = new URL(req.url)
  return {
    method: req.method,
    target: rawTarget ?? u.pathname + u.search,
    header: (n) => req.headers.get(n) ?? undefined,
    headerNames: () => [...req.headers.keys()],
    webBody: () => req.body,
  }
}

export function toResponse(reply: Reply): Response {
  const b = reply.body
  const body = b === null || typeof b === 'string' || b instanceof Uint8Array ? b : (Readable.toWeb(b) as ReadableStream<Uint8Array>)
  return new Response(body as ConstructorParameters<typeof Response>[0], { status: reply.status, headers: reply.headers })
}
