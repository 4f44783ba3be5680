/** @module spec/vectors-keys: signing-key and key-set vectors (ERR_BINDING_KEY, the key rules of docs/binding.md §9). */
import { createPublicKey } from 'node:crypto'
import { jwks, publicJwkOf } from '../binding/index.js'
import type { SigningKey } from '../binding/index.js'

export interface SigningKeyVector {
  name: string
  /** A PEM file as the gate (or the guard, for receipts) would load it. */
  pem: string
  /** 'accept' (then `kid` is its thumbprint) or ERR_BINDING_KEY. */
  expect: string
  kid?: string
}

export interface KeySetVector {
  name: string
  /** The text of a JWK Set file. */
  text: string
  /** 'accept' (then `usableKids` lists the trusted keys, in order) or ERR_CONFIG_INVALID. */
  expect: string
  usableKids?: string[]
}

const pem = (label: string, derHex: string): string =>
  `-----BEGIN ${label}-----\n${(Buffer.from(derHex, 'hex').toString('base64').match(/.{1,64}/g) ?? []).join('\n')}\n-----END ${label}-----\n`

// RFC 8410 §7: PKCS#8 prefixes for X25519 (1.3.101.110) and Ed448 (1.3.101.113) private keys.
const X25519_PKCS8 = '302e020100300506032b656e04220420' + '77'.repeat(32)
const ED448_PKCS8 = '3047020100300506032b6571043b0439' + '11'.repeat(57)

export function signingKeyVectors(key: SigningKey): SigningKeyVector[] {
  return [
    { name: 'the test key, PKCS#8 PEM', pem: key.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), expect: 'accept', kid: key.kid },
    { name: 'a file that is not PEM', pem: 'not a key\n', expect: 'ERR_BINDING_KEY' },
    { name: 'the public key (SPKI), not the private key', pem: createPublicKey(key.privateKey).export({ type: 'spki', format: 'pem' }).toString(), expect: 'ERR_BINDING_KEY' },
    { name: 'an X25519 private key', pem: pem('PRIVATE KEY', X25519_PKCS8), expect: 'ERR_BINDING_KEY' },
    { name: 'an Ed448 private key', pem: pem('PRIVATE KEY', ED448_PKCS8), expect: 'ERR_BINDING_KEY' },
  ]
}

export function keySetVectors(key: SigningKey): KeySetVector[] {
  const set = jwks([key])
  const jwk = publicJwkOf(key.privateKey)
  const text = (doc: unknown): string => JSON.stringify(doc, null, 2) + '\n'
  const bad = 'ERR_CONFIG_INVALID'
  return [
    { name: 'the test JWK Set', text: text(set), expect: 'accept', usableKids: [key.kid] },
    {
      name: 'a set mixing usable and unusable keys',
      text: text({ keys: [{ kty: 'RSA', n: 'sXch', e: 'AQAB', kid: 'rsa-1' }, { ...jwk, kid: 'wrong' }, { ...jwk, use: 'enc' }, jwk] }),
      expect: 'accept', usableKids: [key.kid],
    },
    { name: 'a single JWK, not a JWK Set', text: text(jwk), expect: bad },
    { name: 'not JSON', text: '{"keys": [', expect: bad },
    { name: 'keys is not an array', text: text({ keys: jwk }), expect: bad },
    { name: 'an empty set', text: text({ keys: [] }), expect: bad },
    { name: 'no usable key: the kid is not the thumbprint', text: text({ keys: [{ ...jwk, kid: 'wrong' }] }), expect: bad },
    { name: 'no usable key: a key without kid', text: text({ keys: [{ kty: jwk.kty, crv: jwk.crv, x: jwk.x }] }), expect: bad },
    { name: 'no usable key: key_ops lists sign besides verify', text: text({ keys: [{ ...jwk, key_ops: ['verify', 'sign'] }] }), expect: bad },
    { name: 'key_ops ["verify"]', text: text({ keys: [{ ...jwk, key_ops: ['verify'] }] }), expect: 'accept', usableKids: [key.kid] },
    { name: 'no usable key: a private key', text: text({ keys: [{ ...jwk, d: key.privateKey.export({ format: 'jwk' }).d }] }), expect: bad },
  ]
}
