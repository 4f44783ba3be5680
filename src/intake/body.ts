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
export async function readBody(body: ReadableStream<Uint8Array> | null, limits: BodyLimits): Promise<Uint8Array> {
  const declared = parseLength(limits.declaredLength)
  if (declared !== undefined && limits.transferEncoding !== undefined) {
    throw new VerbatimError('ERR_INTAKE_LENGTH_MISMATCH', 'both Content-Length and Transfer-Encoding') // RFC 9112 §6.3
  }
  if (declared !== undefined && declared > limits.maxBytes) {
    await body?.cancel().catch(() => undefined)
    throw new VerbatimError('ERR_INTAKE_TOO_LARGE', `body of ${declared} bytes exceeds the limit of ${limits.maxBytes}`)
  }
  const chunks: Uint8Array[] = []
  let total = 0
  if (body) {
    const reader = body.getReader()
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      total += value.byteLength
      if (total > limits.maxBytes) {
        await reader.cancel().catch(() => undefined)
        throw new VerbatimError('ERR_INTAKE_TOO_LARGE', `body exceeds the limit of ${limits.maxBytes} bytes`)
      }
      chunks.push(value)
    }
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
