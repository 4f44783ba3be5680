/**
 * @module binding/sf-write: the few RFC 8941 §4.1 serialisations the gate writes, written directly
 * (the structured-headers serialiser builds Maps and checks types per call, which showed in the
 * profile). tests/binding/sf-write.test.ts holds each equal to that serialiser.
 */
import { VerbatimError } from '../errors/index.js'

const PRINTABLE = /^[\x20-\x7e]*$/
const ESCAPED = /["\\]/g

/** RFC 8941 §4.1.6: a String is printable ASCII between DQUOTEs, with `"` and `\` escaped. */
export function sfString(s: string): string {
  if (!PRINTABLE.test(s)) throw new VerbatimError('ERR_INTERNAL', 'an sf-string holds printable ASCII only (RFC 8941 §3.3.3)')
  return `"${s.replace(ESCAPED, '\\$&')}"`
}

/** RFC 8941 §4.1.8: a Byte Sequence is its base64 (with padding) between colons. */
export function sfBytes(b: Uint8Array): string {
  return `:${Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64')}:`
}

/** RFC 8941 §4.1.4: an Integer has at most 15 digits. */
export function sfInteger(n: number): string {
  if (!Number.isInteger(n) || Math.abs(n) > 999_999_999_999_999) throw new VerbatimError('ERR_INTERNAL', 'an sf-integer has at most 15 digits (RFC 8941 §3.3.1)')
  return String(n)
}
