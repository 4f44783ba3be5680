/** @module policy/matchers: pure value tests. They compare the spelling that runs; none normalises. The language matchers live in matchers/. */
import { Buffer } from 'node:buffer'
import type { JsonValue } from './json.js'

export { isCanonicalAbsolutePath, pathIsUnder } from './matchers/paths.js'
export { canonicalUrlHost } from './matchers/url.js'
export { isCanonicalHost } from './matchers/hosts.js'

/** The JSON type name of a value, as the `type` operator spells it ("integer" is a number). */
export function jsonType(v: JsonValue): 'string' | 'number' | 'boolean' | 'object' | 'array' | 'null' {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'array'
  return typeof v as 'string' | 'number' | 'boolean' | 'object'
}

/** Structural equality of JSON values; object key order does not matter. */
export function jsonEqual(a: JsonValue, b: JsonValue): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false
    return a.every((x, i) => jsonEqual(x, b[i] as JsonValue))
  }
  if (Array.isArray(b)) return false
  const ka = Object.keys(a)
  if (ka.length !== Object.keys(b).length) return false
  return ka.every((k) => Object.hasOwn(b, k) && jsonEqual(a[k] as JsonValue, b[k] as JsonValue))
}

/** Length in Unicode code points, as JSON Schema counts it, not UTF-16 units. */
export function codePointLength(s: string): number {
  let n = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 0xd800 || c > 0xdbff || i + 1 >= s.length) n++
    else { n++; i++ }
  }
  return n
}

/**
 * Length in UTF-8 bytes (RFC 3629): what the executor writes, whatever escapes the JSON used.
 * Each UTF-16 unit is 1 to 3 bytes (a surrogate pair is 2 units and 4 bytes), so most strings
 * are decided by their `.length` alone and only the rest are counted.
 */
export function utf8ByteLength(s: string): number {
  return Buffer.byteLength(s, 'utf8')
}

/** True when `s` has at most `n` UTF-8 bytes. */
export function utf8AtMost(s: string, n: number): boolean {
  if (s.length > n) return false
  if (s.length * 3 <= n) return true
  return utf8ByteLength(s) <= n
}
