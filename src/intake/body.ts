/** @module intake/body: read the body as bytes under a hard limit, whatever the framing. */
import { VerbatimError } from '../errors/index.js'

export interface BodyLimits {
  maxBytes: number
  /** The Content-Length header as sent, if any. */
  declaredLength: string | undefined
  transferEncoding: string | undefined
}

/**
 * Reads at most `maxBytes` and stops reading there (413), so an oversized chunked body is never
 * buffered whole. A declared length that disagrees with what arrived is a framing fault (400):
 * the CVE-2024-41110 shape is a Content-Length: 0 request that carries a body anyway.
 */
/** Where the body bytes come from: a node:http request or a web stream, read the same way. */
export interface BodySource {
  chunks: AsyncIterable<Uint8Array>
  /** Stop reading (the response then closes the connection). */
  stop(): void
}

/** A node:http IncomingMessage, read directly: no web-stream conversion on the hot path. */
export function nodeBodySource(incoming: AsyncIterable<Uint8Array> & { pause(): unknown }): BodySource {
  return { chunks: incoming, stop: () => void incoming.pause() }
}

export function webBodySource(stream: ReadableStream<Uint8Array> | null): BodySource {
  if (stream === null) return { chunks: (async function* () {})(), stop: () => undefined }
  const reader = stream.getReader()
  return {
    chunks: {
      async *[Symbol.asyncIterator]() {
        for (;;) {
          const { done, value } = await reader.read()
          if (done) return
          yield value
        }
      },
    },
    stop: () => void reader.cancel().catch(() => undefined),
  }
}

export async function readBody(source: BodySource, limits: BodyLimits): Promise<Uint8Array> {
  const declared = parseLength(limits.declaredLength)
  if (declared !== undefined && limits.transferEncoding !== undefined) {
    source.stop()
    throw new VerbatimError('ERR_INTAKE_LENGTH_MISMATCH', 'both Content-Length and Transfer-Encoding') // RFC 9112 §6.3
  }
  if (declared !== undefined && declared > limits.maxBytes) {
    source.stop()
    throw new VerbatimError('ERR_INTAKE_TOO_LARGE', `body of ${declared} bytes exceeds the limit of ${limits.maxBytes}`)
  }
  const chunks: Uint8Array[] = []
  let total = 0
  for await (const value of source.chunks) {
    total += value.byteLength
    if (total > limits.maxBytes) {
      source.stop()
      throw new VerbatimError('ERR_INTAKE_TOO_LARGE', `body exceeds the limit of ${limits.maxBytes} bytes`)
    }
    chunks.push(value)
  }
  if (declared !== undefined && declared !== total) {
    throw new VerbatimError('ERR_INTAKE_LENGTH_MISMATCH', `Content-Length says ${declared} bytes, ${total} arrived`)
  }
  if (total === 0) throw new VerbatimError('ERR_INTAKE_EMPTY_BODY', 'a tool call needs a JSON object body')
  return concat(chunks, total)
}

function parseLength(v: string | undefined): number | undefined {
  if (v === undefined) return undefined
  if (!/^\d{1,15}$/.test(v.trim())) throw new VerbatimError('ERR_INTAKE_LENGTH_MISMATCH', 'invalid Content-Length')
  return Number(v.trim())
}

function concat(chunks: Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1 && chunks[0]) return chunks[0]
  const out = new Uint8Array(total)
  let off = 0
  for (const c of chunks) {
    out.set(c, off)
    off += c.byteLength
  }
  return out
}

/** Reads a request body under the limit: straight from node:http when there is one, else the web stream (a getter). */
export function readRequestBody(
  incoming: (AsyncIterable<Uint8Array> & { pause(): unknown; headers: Record<string, string | string[] | undefined> }) | undefined,
  web: { body: () => ReadableStream<Uint8Array> | null; header: (name: string) => string | undefined },
  maxBytes: number,
): Promise<Uint8Array> {
  const header = (n: string): string | undefined => {
    if (incoming === undefined) return web.header(n)
    const v = incoming.headers[n]
    return Array.isArray(v) ? v.join(', ') : v
  }
  // The web body is only touched without a node request: building it costs a full Request per call.
  return readBody(incoming ? nodeBodySource(incoming) : webBodySource(web.body()), {
    maxBytes,
    declaredLength: header('content-length'),
    transferEncoding: header('transfer-encoding'),
  })
}
