/** @module binding/key-rules: which JWKs a guard or gate trusts to verify Ed25519 signatures (docs/binding.md §9). */
import type { KeyObject } from 'node:crypto'
import type { JWK } from 'jose'
import { JWK_ALG, publicJwkOf, thumbprintSync } from './jwks.js'

const B64URL_32 = /^[A-Za-z0-9_-]{43}$/

/**
 * Why a JWK is not a usable Ed25519 verification key, or undefined when it is. Usable means: kty OKP, crv
 * Ed25519, x 32 bytes in canonical base64url, no private member d, alg EdDSA if present (RFC 8037 §3.1), use sig
 * if present and key_ops exactly ["verify"] if present (RFC 7517 §4.2-4.3: a public key verifies, nothing else),
 * and a kid, equal to its RFC 7638 thumbprint, so that a kid names exactly one key (a key without one is not looked
 * up under its thumbprint: every verifier reads the set the same way).
 */
export function keyProblem(jwk: unknown): string | undefined {
  if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk)) return 'is not a JSON object'
  const k = jwk as Record<string, unknown>
  if (k.kty !== 'OKP' || k.crv !== 'Ed25519') return 'is not an Ed25519 key (kty "OKP", crv "Ed25519")'
  if (typeof k.x !== 'string' || !B64URL_32.test(k.x) || Buffer.from(k.x, 'base64url').toString('base64url') !== k.x) return 'x is not 32 bytes in canonical base64url'
  if (k.d !== undefined) return 'holds the private member d: a key set holds public keys only'
  if (k.alg !== undefined && k.alg !== JWK_ALG) return `alg is ${JSON.stringify(k.alg)}, not "EdDSA"`
  if (k.use !== undefined && k.use !== 'sig') return `use is ${JSON.stringify(k.use)}, not "sig"`
  const ops = k.key_ops
  if (ops !== undefined && !(Array.isArray(ops) && ops.length === 1 && ops[0] === 'verify')) return 'key_ops is not ["verify"]'
  if (typeof k.kid !== 'string') return 'has no kid'
  const tp = thumbprintSync({ kty: 'OKP', crv: 'Ed25519', x: k.x })
  if (k.kid !== tp) return `kid ${k.kid} is not its RFC 7638 thumbprint ${tp}`
  return undefined
}

/** The usable keys of a set (see keyProblem); the others are not trusted. */
export function usableKeys(keys: readonly unknown[]): JWK[] {
  return keys.filter((k) => keyProblem(k) === undefined) as JWK[]
}

const thumbprints = new WeakMap<object, string>()

/** True when `key` is an Ed25519 public key whose RFC 7638 thumbprint is `kid` (checked on every lookup, whatever the source). */
export function isTrustedKey(key: KeyObject, kid: string): boolean {
  if (key.asymmetricKeyType !== 'ed25519' || key.type !== 'public') return false
  let tp = thumbprints.get(key)
  if (tp === undefined) {
    tp = publicJwkOf(key).kid as string
    thumbprints.set(key, tp)
  }
  return tp === kid
}
