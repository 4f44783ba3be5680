/** @module binding/receipt: the Verbatim-Receipt header, a compact JWS (RFC 7515 §7.1, EdDSA RFC 8037) the guard signs after the tool ran. */
import type { JsonWebKey, KeyObject } from 'node:crypto'
import { createPublicKey, sign, verify } from 'node:crypto'
import type { JWK } from 'jose'
import type { JsonValue } from '../canonical/index.js'
import { VerbatimError } from '../errors/index.js'
import { JWK_ALG } from './jwks.js'
import type { KeyResolver } from './key-set.js'
import type { ReceiptParts } from './receipt-parts.js'
import { invalid, readReceiptParts } from './receipt-parts.js'

export const RECEIPT_HEADER = 'verbatim-receipt'
/** The JWS `typ` of a receipt (RFC 7515 §4.1.9). */
export const RECEIPT_TYP = 'verbatim-receipt+jws'

/** What a receipt asserts: this guard executed this decision over these bytes, with this status. */
export interface ReceiptClaims {
  decisionId: string
  /** Lowercase hex SHA-256 of the bytes the tool executed on. */
  digest: string
  /** HTTP status the executor answered. */
  status: number
  /** Unix seconds when the guard signed. */
  ts: number
  /** The guard's audience (the executor's identity in the binding). */
  aud: string
}

export interface ReceiptSigner {
  kid: string
  privateKey: KeyObject
}

const b64u = (s: string | Uint8Array): string => Buffer.from(s).toString('base64url')

/**
 * Signs a receipt: `BASE64URL(header) . BASE64URL(claims) . BASE64URL(Ed25519 signature)`.
 * Synchronous (node:crypto), so the node:http adapter can set it in writeHead; the output is a
 * standard compact JWS that jose's compactVerify accepts (see verifyReceipt).
 */
export function signReceipt(claims: ReceiptClaims, signer: ReceiptSigner): string {
  const header = b64u(JSON.stringify({ alg: JWK_ALG, kid: signer.kid, typ: RECEIPT_TYP }))
  const payload = b64u(JSON.stringify({ decisionId: claims.decisionId, digest: claims.digest, status: claims.status, ts: claims.ts, aud: claims.aud }))
  const input = `${header}.${payload}`
  // RFC 8037 §3.1: EdDSA signs the ASCII JWS signing input directly.
  return `${input}.${b64u(sign(null, Buffer.from(input, 'ascii'), signer.privateKey))}`
}

/**
 * Step 4 of docs/binding.md §12: alg EdDSA, typ verbatim-receipt+jws, a String kid, and no `crit` (RFC 7515
 * §4.1.11: a receipt uses no extension, so one it must understand is one it does not). Returns the kid.
 */
function checkHead(head: Record<string, JsonValue>): string {
  if (head.alg !== JWK_ALG || head.typ !== RECEIPT_TYP || typeof head.kid !== 'string') throw invalid('the receipt header is not {alg: EdDSA, typ: verbatim-receipt+jws, kid}')
  if ('crit' in head) throw invalid('the receipt header has crit: no extension is understood (RFC 7515 §4.1.11)')
  return head.kid
}

/** Step 6: 64 bytes that verify over the signing input as received (RFC 8037 §3.1). */
function signatureVerifies(parts: ReceiptParts, key: KeyObject): boolean {
  try {
    return parts.signature.length === 64 && verify(null, Buffer.from(parts.input, 'ascii'), key, parts.signature)
  } catch {
    return false
  }
}

/** Step 7: decisionId and aud Strings, digest 64 lowercase hex digits, status and ts written as JSON integers (safe ones). */
function claimsOf(parts: ReceiptParts): ReceiptClaims {
  const c = parts.claims
  const integer = (k: 'status' | 'ts'): boolean => parts.integerClaims.has(k) && Number.isSafeInteger(c[k])
  if (typeof c.decisionId !== 'string' || typeof c.aud !== 'string' || typeof c.digest !== 'string' || !/^[0-9a-f]{64}$/.test(c.digest) || !integer('status') || !integer('ts')) {
    throw invalid('the receipt claims are malformed')
  }
  return c as unknown as ReceiptClaims
}

/**
 * Verifies a Verbatim-Receipt header with the guard's public JWK and returns its claims: steps 1-4, 6 and 7 of
 * docs/binding.md §12, with this one key (its kid, when it has one, must be the header's). For tools that audit
 * receipts later. Throws ERR_GUARD_RECEIPT_INVALID.
 * @example const claims = await verifyReceipt(res.headers.get('verbatim-receipt'), guardJwk)
 */
export async function verifyReceipt(header: string, guardPublicJwk: JWK): Promise<ReceiptClaims> {
  if (header === '') throw invalid('the receipt is empty')
  const parts = readReceiptParts(header)
  const kid = checkHead(parts.head)
  if (guardPublicJwk.kid !== undefined && kid !== guardPublicJwk.kid) throw invalid('the receipt kid does not match the key')
  let key: KeyObject
  try {
    key = createPublicKey({ key: { kty: guardPublicJwk.kty, crv: guardPublicJwk.crv, x: guardPublicJwk.x } as JsonWebKey, format: 'jwk' })
  } catch (e) {
    throw new VerbatimError('ERR_GUARD_RECEIPT_INVALID', 'the guard key is not an Ed25519 public JWK', { cause: e })
  }
  if (key.asymmetricKeyType !== 'ed25519' || !signatureVerifies(parts, key)) throw invalid('the receipt signature does not verify')
  return claimsOf(parts)
}

/** What the gate expects a receipt to say about the call it forwarded and the answer it relays. */
export interface ExpectedReceipt {
  decisionId: string
  digest: string
  aud: string
  status: number
}

/**
 * The gate's check of a `Verbatim-Receipt` (docs/binding.md §12), steps 1-8 in order: a compact JWS (RFC 7515 §7.1)
 * in canonical base64url, whose header and payload are JSON objects that parse one way, with alg EdDSA, typ
 * verbatim-receipt+jws and a kid the trusted key set resolves, whose claims name this call's decision id, digest and
 * audience and the status being relayed. Synchronous Ed25519 (RFC 8037 §3.1) after the one key lookup. Throws
 * ERR_GUARD_RECEIPT_INVALID, saying which check failed.
 * @example const claims = await checkReceipt(res.headers['verbatim-receipt'], { decisionId, digest, aud, status }, keys)
 */
export async function checkReceipt(header: string | undefined, expect: ExpectedReceipt, keys: KeyResolver): Promise<ReceiptClaims> {
  if (header === undefined || header === '') throw invalid('the answer carries no Verbatim-Receipt') // 1
  const parts = readReceiptParts(header) // 2, 3
  const kid = checkHead(parts.head) // 4
  let key: KeyObject | undefined
  try {
    key = await keys(kid) // 5
  } catch (e) {
    throw new VerbatimError('ERR_GUARD_RECEIPT_INVALID', `the guard key set cannot be had: ${(e as Error).message}`, { cause: e })
  }
  if (key === undefined) throw invalid(`the receipt is signed with kid ${kid}, which is not a trusted guard key`)
  if (!signatureVerifies(parts, key)) throw invalid('the receipt signature does not verify') // 6
  const claims = claimsOf(parts) // 7
  for (const k of ['decisionId', 'digest', 'aud', 'status'] as const) { // 8
    if (claims[k] !== expect[k]) throw invalid(`the receipt names ${k} ${JSON.stringify(claims[k])}, this call is ${JSON.stringify(expect[k])}`)
  }
  return claims
}
