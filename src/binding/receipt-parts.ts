/** @module binding/receipt-parts: a receipt's compact JWS read one way: its parts, its JSON, its integers (docs/binding.md §12). */
import { strictValue } from '../canonical/index.js'
import type { JsonValue } from '../canonical/index.js'
import { VerbatimError } from '../errors/index.js'

/** The three parts of a receipt, decoded and parsed, and the signing input as received. */
export interface ReceiptParts {
  head: Record<string, JsonValue>
  claims: Record<string, JsonValue>
  /** The top-level claims written as JSON integers: digits and an optional minus, no fraction, no exponent. */
  integerClaims: Set<string>
  /** `header "." payload`, exactly as received: what the signature covers. */
  input: string
  signature: Buffer
}

const B64URL = /^[A-Za-z0-9_-]+$/

export function invalid(message: string): VerbatimError {
  return new VerbatimError('ERR_GUARD_RECEIPT_INVALID', message)
}

/**
 * Step 2: base64url without padding (RFC 7515 §2), written the one way that encoding the bytes gives: a length of
 * 4n+1, or unused low bits that are not zero (RFC 4648 §3.5), is another spelling of other or the same bytes.
 */
function part(text: string, name: string): Buffer {
  const bytes = Buffer.from(text, 'base64url')
  if (!B64URL.test(text) || bytes.toString('base64url') !== text) throw invalid(`the receipt ${name} is not canonical base64url`)
  return bytes
}

/**
 * Step 3: UTF-8 JSON under the strict parse of docs/canonical.md (no duplicate or case-colliding keys, no lone
 * surrogates, …), and a JSON object.
 */
function object(bytes: Buffer, name: string): Record<string, JsonValue> {
  let value: JsonValue
  try {
    // The strict parse alone: a receipt is read, never forwarded, so its RFC 8785 form is not needed.
    value = strictValue(bytes)
  } catch (e) {
    throw new VerbatimError('ERR_GUARD_RECEIPT_INVALID', `the receipt ${name} is not JSON that parses one way: ${(e as Error).message}`, { cause: e })
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid(`the receipt ${name} is not a JSON object`)
  return value
}

// One JSON token, after optional whitespace; the text has already parsed strictly.
const TOKEN = /[ \t\n\r]*("(?:[^"\\]|\\.)*"|[{}[\]:,]|-?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?|true|false|null)/y
const INTEGER = /^-?[0-9]+$/

/** The keys of the top-level object whose values are numbers spelled as integers (RFC 8259 §6: int, no frac, no exp). */
function integerMembers(text: string): Set<string> {
  const out = new Set<string>()
  let depth = 0
  let lastString = ''
  let key: string | undefined
  TOKEN.lastIndex = 0
  for (let m = TOKEN.exec(text); m !== null; m = TOKEN.exec(text)) {
    const t = m[1] ?? ''
    if (t === '{' || t === '[') depth++
    else if (t === '}' || t === ']') depth--
    else if (depth === 1 && t === ':') key = lastString
    else if (depth === 1 && t.startsWith('"')) lastString = JSON.parse(t) as string
    else if (depth === 1 && key !== undefined && INTEGER.test(t)) out.add(key)
    if (t !== ':') key = undefined
  }
  return out
}

/** Steps 2 and 3 of §12: three canonical base64url parts; the header and the payload JSON objects that parse one way. */
export function readReceiptParts(header: string): ReceiptParts {
  const parts = header.split('.')
  if (parts.length !== 3) throw invalid('the receipt is not a compact JWS')
  const [h, p, s] = parts as [string, string, string]
  const bytes = { h: part(h, 'header'), p: part(p, 'payload'), s: part(s, 'signature') }
  const head = object(bytes.h, 'header')
  const claims = object(bytes.p, 'payload')
  // The payload's integers only: no header member is read as a number.
  return { head, claims, integerClaims: integerMembers(bytes.p.toString('utf8')), input: `${h}.${p}`, signature: bytes.s }
}
