/** @module binding/sign: the gate side, which signs a decision over the forwarded bytes (RFC 9421 §3.1). */
import type { KeyObject } from 'node:crypto'
import { randomBytes, sign } from 'node:crypto'
import type { JWK } from 'jose'
import { VerbatimError } from '../errors/index.js'
import type { BindingDecision } from './decision-header.js'
import { serializeDecision } from './decision-header.js'
import { contentDigest } from './digest.js'
import { SIGNATURE_ALG, SIGNATURE_LABEL, SIGNATURE_TAG, queryComponent, signatureBase, signatureParamsText } from './signature-base.js'

/** An Ed25519 signing key with its RFC 7638 thumbprint as `kid`. */
export interface SigningKey {
  kid: string
  privateKey: KeyObject
  publicJwk: JWK
}

export interface SignBindingInput {
  method: string
  /** The request path exactly as sent upstream, e.g. `/v1/tools/fs.read`. */
  path: string
  /** The query as sent, with or without `?`; the gate sends none. */
  query?: string
  /** The exact body bytes that go upstream. */
  body: Uint8Array
  decision: BindingDecision
  key: SigningKey
  /** Unix seconds (injected time). */
  now: number
  ttlSeconds: number
  /** At least 128 random bits, base64url without padding; see newNonce(). */
  nonce: string
}

export interface SignedBinding {
  /** Lowercase header names: content-digest, verbatim-decision, signature-input, signature. */
  headers: Record<string, string>
  created: number
  expires: number
  nonce: string
  signatureBase: string
}

const NONCE_BYTES = 16
// One CSPRNG draw serves 256 nonces, each slice handed out once (node's randomUUID caches the same
// way); a draw of 16 bytes per call cost about 3% of the gate's time in the profile.
const POOL_BYTES = NONCE_BYTES * 256
let pool = Buffer.alloc(0)
let offset = 0

/** A base64url nonce of 16 random bytes (128 bits). The only impure helper of the signer. */
export function newNonce(): string {
  if (offset + NONCE_BYTES > pool.length) {
    pool = randomBytes(POOL_BYTES)
    offset = 0
  }
  const nonce = pool.toString('base64url', offset, offset + NONCE_BYTES)
  offset += NONCE_BYTES
  return nonce
}

// 128 bits in base64url is at least 22 characters.
export const NONCE_PATTERN = /^[A-Za-z0-9_-]{22,}$/

/**
 * Signs a binding. Pure apart from the key: time and nonce are injected, and Ed25519 is deterministic
 * (RFC 8032 §5.1.6), so fixed inputs give fixed headers (see docs/binding.md, test vectors).
 * @example
 * const { headers } = signBinding({ method: 'POST', path: '/v1/tools/fs.read', body, decision, key, now: 1767225600, ttlSeconds: 60, nonce: newNonce() })
 */
export function signBinding(input: SignBindingInput): SignedBinding {
  const { key, now, ttlSeconds, nonce } = input
  if (!Number.isSafeInteger(now) || now < 0) throw new VerbatimError('ERR_INTERNAL', 'now must be integer unix seconds')
  if (!Number.isSafeInteger(ttlSeconds) || ttlSeconds <= 0) throw new VerbatimError('ERR_INTERNAL', 'ttlSeconds must be a positive integer')
  if (!NONCE_PATTERN.test(nonce)) throw new VerbatimError('ERR_INTERNAL', 'nonce must be at least 128 bits of base64url')
  const digest = contentDigest(input.body)
  const decision = serializeDecision(input.decision)
  const created = now
  const expires = now + ttlSeconds
  const params = signatureParamsText({ created, expires, nonce, keyid: key.kid, alg: SIGNATURE_ALG, tag: SIGNATURE_TAG })
  const base = signatureBase(
    { '@method': input.method, '@path': input.path, '@query': queryComponent(input.query), 'content-digest': digest, 'verbatim-decision': decision },
    params,
  )
  // RFC 9421 §3.3.6: Ed25519 over the ASCII bytes of the signature base.
  const sig = sign(null, Buffer.from(base, 'ascii'), key.privateKey)
  return {
    headers: {
      'content-digest': digest,
      'verbatim-decision': decision,
      // RFC 9421 §4.1: the member's value is the inner list serialised for @signature-params;
      // RFC 8941 §4.1.2: a one-member dictionary is `key=value`. §4.2 and RFC 8941 §4.1.8: a Byte
      // Sequence is base64 (with padding) between colons. tests/binding/sign.test.ts holds both equal
      // to the structured-headers serialiser.
      'signature-input': `${SIGNATURE_LABEL}=${params}`,
      signature: `${SIGNATURE_LABEL}=:${sig.toString('base64')}:`,
    },
    created,
    expires,
    nonce,
    signatureBase: base,
  }
}
