/** @module canonical/canonical: strict parse, then RFC 8785 bytes and their SHA-256. */
import { createHash } from 'node:crypto'
import canonicalize from 'canonicalize'
import { VerbatimError } from '../errors/index.js'
import { resolveOptions } from './options.js'
import { parseStrict } from './parser.js'
import type { Canonical, CanonicalOptions, JsonType, JsonValue } from './types.js'
import { decodeStrict } from './utf8.js'

const encoder = new TextEncoder()

/**
 * Accepts a request body only if it has exactly one meaning, and returns its RFC 8785 (JCS)
 * bytes, the value those bytes denote, and their SHA-256.
 *
 * @example
 * const { bytes, digest, type } = canonicalBytes(new TextEncoder().encode('{"b":1.0,"a":[1E2]}'))
 * new TextDecoder().decode(bytes) // '{"a":[100],"b":1}'
 */
export function canonicalBytes(input: Uint8Array, options?: CanonicalOptions): Canonical {
  const o = resolveOptions(options)
  const src = decodeStrict(input, o.maxBytes)
  const value = parseStrict(src, o)
  // The parser has bounded depth and excluded NaN, Infinity and lone surrogates, so the
  // serialiser (which recurses) cannot fail; a failure here is our bug, not the agent's.
  let text: string | undefined
  try {
    text = canonicalize(value)
  } catch (cause) {
    throw new VerbatimError('ERR_INTERNAL', 'RFC 8785 serialisation failed', { cause })
  }
  if (text === undefined) throw new VerbatimError('ERR_INTERNAL', 'RFC 8785 serialisation produced nothing')
  const bytes = encoder.encode(text)
  // Canonical numbers can be longer than their spelling (1e20 is 21 digits): the limit holds for
  // what is forwarded too, so an executor with the same limit never sees more.
  if (bytes.byteLength > o.maxBytes) {
    throw new VerbatimError('ERR_CANONICAL_TOO_LARGE', `canonical form is ${bytes.byteLength} bytes, over the limit of ${o.maxBytes}`, { detail: { offset: 0 } })
  }
  return { value, bytes, digest: sha256(bytes), type: jsonType(value) }
}

/**
 * The one value of strict JSON bytes, read exactly as `canonicalBytes` reads them, without their
 * RFC 8785 form: for what the gate reads to relay (an MCP server's messages), not to forward.
 */
export function strictValue(input: Uint8Array, options?: CanonicalOptions): JsonValue {
  const o = resolveOptions(options)
  return parseStrict(decodeStrict(input, o.maxBytes), o)
}

/** SHA-256 (FIPS 180-4) of `bytes`, as a fresh 32-byte array. */
export function sha256(bytes: Uint8Array): Uint8Array {
  const d = createHash('sha256').update(bytes).digest()
  return new Uint8Array(d) // a copy: never a view into a shared pool
}

/** The JSON type of a parsed value. */
export function jsonType(value: JsonValue): JsonType {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  switch (typeof value) {
    case 'object': return 'object'
    case 'string': return 'string'
    case 'number': return 'number'
    default: return 'boolean'
  }
}
