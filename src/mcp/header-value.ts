/** @module mcp/header-value: the values of MCP's mirrored headers, Mcp-Name and Mcp-Param-{Name} (MCP 2026-07-28 streamable-http, Value Encoding; pure). */
import type { JsonValue } from '../canonical/index.js'

const SENTINEL = /^=\?base64\?(.*)\?=$/s
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/**
 * A mirrored header's value as the body value it stands for. A value `=?base64?{payload}?=` (the
 * markers exactly, lowercase) is the UTF-8 text of its Base64 payload; any other value is itself.
 * Undefined for a payload that is not canonical Base64 (RFC 4648 §4, padded, no stray bits) or not
 * UTF-8: a malformed value never equals a body value.
 */
export function decodeHeaderValue(value: string): string | undefined {
  const m = SENTINEL.exec(value)
  if (m === null) return value
  const payload = m[1] ?? ''
  if (!BASE64.test(payload)) return undefined
  const bytes = Buffer.from(payload, 'base64')
  if (bytes.toString('base64') !== payload) return undefined
  try {
    return utf8.decode(bytes)
  } catch {
    return undefined
  }
}

/**
 * How a client writes a scalar argument into its header (Value Encoding, Type conversion): a string
 * as it is, a boolean as `true` or `false`, a number in decimal. Undefined for anything else
 * (objects, arrays, null): such a value is never mirrored.
 */
export function renderHeaderScalar(value: JsonValue | undefined): string | undefined {
  if (typeof value === 'string') return value
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  if (typeof value === 'number') return String(value)
  return undefined
}

/** RFC 9110 §5.6.2: a token, the only characters an HTTP field name may have. */
export const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/
