/**
 * @module spec/soft-authenticator: a software WebAuthn authenticator (attestation "none"), for the
 * published vectors and for tests that need passkeys without a browser. Never a way to approve for real:
 * its keys are whatever the caller hands it.
 */
import { createHash, createPublicKey, sign } from 'node:crypto'
import type { KeyObject } from 'node:crypto'
import { isoCBOR } from '@simplewebauthn/server/helpers'
import type { Assertion } from '../approval/index.js'

/** COSE algorithm ids (RFC 9053 §2.1, §2.2): ES256 and EdDSA, the two a console accepts. */
export type CoseAlg = -7 | -8

export interface SoftCredential {
  /** The credential id's bytes. */
  id: Uint8Array
  alg: CoseAlg
  privateKey: KeyObject
  /** The COSE_Key of the public key (RFC 9052 §7), as an authenticator attests it. */
  publicKeyCose: Uint8Array
  /** The signCount of the next assertion (§6.1.1); grows by one per assertion. */
  signCount: number
}

const b64url = (b: Uint8Array): string => Buffer.from(b).toString('base64url')

/** The COSE_Key of an Ed25519 (OKP, crv 6) or P-256 (EC2, crv 1) public key. */
export function coseKey(privateKey: KeyObject, alg: CoseAlg): Uint8Array {
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' })
  const x = Buffer.from(String(jwk.x), 'base64url')
  if (alg === -8) return isoCBOR.encode(new Map<number, number | Uint8Array>([[1, 1], [3, -8], [-1, 6], [-2, x]]))
  return isoCBOR.encode(new Map<number, number | Uint8Array>([[1, 2], [3, -7], [-1, 1], [-2, x], [-3, Buffer.from(String(jwk.y), 'base64url')]]))
}

export function softCredential(privateKey: KeyObject, alg: CoseAlg, id: Uint8Array, signCount = 1): SoftCredential {
  return { id, alg, privateKey, publicKeyCose: coseKey(privateKey, alg), signCount }
}

/** Flags of the authenticator data (§6.1): UP 0x01, UV 0x04, AT 0x40. */
export const FLAG_UP = 0x01
export const FLAG_UV = 0x04
const FLAG_AT = 0x40

function authData(rpId: string, flags: number, signCount: number, attested?: Uint8Array): Uint8Array {
  const count = Buffer.alloc(4)
  count.writeUInt32BE(signCount)
  return Buffer.concat([createHash('sha256').update(rpId, 'utf8').digest(), Buffer.from([flags]), count, ...(attested === undefined ? [] : [attested])])
}

function signOver(c: SoftCredential, data: Uint8Array): Uint8Array {
  // §6.5.6: EdDSA signatures are raw 64 bytes; ES256 signatures are ASN.1 DER.
  return c.alg === -8 ? sign(null, data, c.privateKey) : sign('sha256', data, { key: c.privateKey, dsaEncoding: 'der' })
}

export interface AssertOptions {
  challenge: string
  origin: string
  rpId: string
  /** Default UP | UV. */
  flags?: number
  /** Default 'webauthn.get'. */
  type?: string
  crossOrigin?: boolean
  /** Default the credential's next count (which then grows). */
  signCount?: number
}

/** An assertion as `navigator.credentials.get()` returns it, made the way Chromium makes one (clientDataJSON member order included). */
export function softAssertion(c: SoftCredential, o: AssertOptions): Assertion {
  const client = Buffer.from(JSON.stringify({ type: o.type ?? 'webauthn.get', challenge: o.challenge, origin: o.origin, crossOrigin: o.crossOrigin ?? false }), 'utf8')
  const count = o.signCount ?? c.signCount++
  const data = authData(o.rpId, o.flags ?? FLAG_UP | FLAG_UV, count)
  const signature = signOver(c, Buffer.concat([data, createHash('sha256').update(client).digest()]))
  return { credentialId: b64url(c.id), clientDataJSON: b64url(client), authenticatorData: b64url(data), signature: b64url(signature) }
}

/** A registration response (attestation "none", §8.7), as @simplewebauthn/browser's startRegistration returns it. */
export function softRegistration(c: SoftCredential, o: { challenge: string; origin: string; rpId: string; flags?: number }): Record<string, unknown> {
  const client = Buffer.from(JSON.stringify({ type: 'webauthn.create', challenge: o.challenge, origin: o.origin, crossOrigin: false }), 'utf8')
  const idLen = Buffer.alloc(2)
  idLen.writeUInt16BE(c.id.byteLength)
  // §6.5.1: attested credential data is aaguid (16 bytes), credentialIdLength, credentialId, the COSE_Key.
  const attested = Buffer.concat([Buffer.alloc(16), idLen, c.id, c.publicKeyCose])
  const data = authData(o.rpId, (o.flags ?? FLAG_UP | FLAG_UV) | FLAG_AT, 0, attested)
  const attestationObject = isoCBOR.encode(new Map<string, unknown>([['fmt', 'none'], ['attStmt', new Map()], ['authData', data]]) as never)
  const id = b64url(c.id)
  return {
    id, rawId: id, type: 'public-key', clientExtensionResults: {}, authenticatorAttachment: 'platform',
    response: { clientDataJSON: b64url(client), attestationObject: b64url(attestationObject), transports: ['internal'] },
  }
}
