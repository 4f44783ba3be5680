/**
 * @module approval/assertion: a WebAuthn assertion over an approval's challenge, its digest, and its
 * verification from the assertion and the credential's public key alone (WebAuthn Level 3 §7.2).
 * Pure but for the clock-free crypto: the console, the guard and the auditor run the same steps.
 */
import { createHash } from 'node:crypto'
import canonicalize from 'canonicalize'
import { verifyAuthenticationResponse } from '@simplewebauthn/server'
import { VerbatimError } from '../errors/index.js'

/** What an authenticator returned for one `navigator.credentials.get()`, each part base64url without padding. */
export interface Assertion {
  /** The credential's id (WebAuthn §5.1 rawId). */
  credentialId: string
  /** The client data, as the browser serialised it (§5.8.1); its `challenge` is the approval's. */
  clientDataJSON: string
  /** The authenticator data (§6.1): rpIdHash, flags, signCount. */
  authenticatorData: string
  /** The signature over authenticatorData || SHA-256(clientDataJSON) (§6.3.3). */
  signature: string
}

/** A credential someone enrolled: its id and its COSE_Key public key (§6.5.1; RFC 9052 §7), base64url. */
export interface CredentialKey {
  id: string
  publicKey: string
  /** The last signCount seen (§6.1.1); 0 when none was, or when verifying offline. */
  counter?: number
}

/** The relying party the console is: its RP ID, its origins, and whether user verification is required. */
export interface RelyingParty {
  rpId: string
  origins: readonly string[]
  userVerification: 'required' | 'preferred'
}

export type AssertionCheck =
  | { ok: true; signCount: number; userVerified: boolean }
  | { ok: false; step: string; why: string }

const B64URL = /^[A-Za-z0-9_-]+$/

/** The assertion's parts are base64url without padding (RFC 4648 §5), each decoding to itself. */
export function wellFormed(a: Assertion): string | undefined {
  for (const k of ['credentialId', 'clientDataJSON', 'authenticatorData', 'signature'] as const) {
    const v = a[k]
    if (typeof v !== 'string' || !B64URL.test(v) || Buffer.from(v, 'base64url').toString('base64url') !== v) return `${k} is not canonical base64url without padding`
  }
  return undefined
}

/**
 * Lowercase hex SHA-256 of the RFC 8785 bytes of the assertion's four parts: what the decision
 * header binds, so the assertion that travels beside it cannot be swapped (docs/binding.md §14).
 */
export function assertionDigest(a: Assertion): string {
  const { credentialId, clientDataJSON, authenticatorData, signature } = a
  const text = canonicalize({ authenticatorData, clientDataJSON, credentialId, signature })
  if (text === undefined) throw new VerbatimError('ERR_INTERNAL', 'assertion has no RFC 8785 form')
  return createHash('sha256').update(text, 'utf8').digest('hex')
}

const fail = (step: string, why: string): AssertionCheck => ({ ok: false, step, why })

/** §7.2, the client data: it says webauthn.get, this challenge, one of our origins, not cross-origin. */
function clientData(a: Assertion, challenge: string, rp: RelyingParty): AssertionCheck | undefined {
  let c: unknown
  try {
    c = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(a.clientDataJSON, 'base64url'))) // §7.2: UTF-8 decode, then parse
  } catch {
    return fail('client-data', 'clientDataJSON is not UTF-8 JSON')
  }
  if (typeof c !== 'object' || c === null || Array.isArray(c)) return fail('client-data', 'clientDataJSON is not an object')
  const o = c as Record<string, unknown>
  if (o['type'] !== 'webauthn.get') return fail('type', `type is ${JSON.stringify(o['type'])}, not webauthn.get`) // §7.2: C.type
  if (o['challenge'] !== challenge) return fail('challenge', 'the challenge is not the one derived from this call: the device signed other bytes') // §7.2: C.challenge
  if (typeof o['origin'] !== 'string' || !rp.origins.includes(o['origin'])) return fail('origin', `origin ${JSON.stringify(o['origin'])} is not the console's`) // §7.2: C.origin
  if (o['crossOrigin'] === true || o['topOrigin'] !== undefined) return fail('origin', 'the assertion was made in a frame of another origin') // §7.2: C.topOrigin (and crossOrigin, §5.8.1)
  return undefined
}

/** §7.2, the authenticator data: it names our RP ID, and the user was present (and verified, when required). */
function authenticatorData(a: Assertion, rp: RelyingParty): AssertionCheck | undefined {
  const d = Buffer.from(a.authenticatorData, 'base64url')
  if (d.byteLength < 37) return fail('authenticator-data', 'authenticatorData is shorter than 37 bytes (§6.1)')
  if (!d.subarray(0, 32).equals(createHash('sha256').update(rp.rpId, 'utf8').digest())) return fail('rp-id', `rpIdHash is not SHA-256 of ${rp.rpId}`) // §7.2: rpIdHash
  const flags = d[32] as number
  if ((flags & 0x01) === 0) return fail('user-present', 'the UP flag is not set: nobody touched the authenticator') // §7.2: UP
  if (rp.userVerification === 'required' && (flags & 0x04) === 0) return fail('user-verified', 'the UV flag is not set: the authenticator did not verify the user') // §7.2: UV, when required
  return undefined
}

/**
 * Verifies an assertion over `challenge` with the credential's public key (WebAuthn Level 3 §7.2,
 * the checks that need no server state, in its order), then the signature and signCount
 * with @simplewebauthn/server. Errors are data: each refusal names its step.
 * @example await verifyAssertion(assertion, { id, publicKey }, challengeOf(subject), { rpId: 'localhost', origins: ['http://localhost:8081'], userVerification: 'required' })
 */
export async function verifyAssertion(a: Assertion, credential: CredentialKey, challenge: string, rp: RelyingParty): Promise<AssertionCheck> {
  const shape = wellFormed(a)
  if (shape !== undefined) return fail('encoding', shape)
  if (a.credentialId !== credential.id) return fail('credential', 'the assertion names another credential') // §7.2: the credential is the one named
  const early = clientData(a, challenge, rp) ?? authenticatorData(a, rp)
  if (early !== undefined) return early
  try {
    const r = await verifyAuthenticationResponse({
      response: { id: a.credentialId, rawId: a.credentialId, type: 'public-key', clientExtensionResults: {}, response: { clientDataJSON: a.clientDataJSON, authenticatorData: a.authenticatorData, signature: a.signature } },
      expectedChallenge: challenge,
      expectedOrigin: [...rp.origins],
      expectedRPID: rp.rpId,
      expectedType: 'webauthn.get',
      credential: { id: credential.id, publicKey: new Uint8Array(Buffer.from(credential.publicKey, 'base64url')), counter: credential.counter ?? 0 },
      requireUserVerification: rp.userVerification === 'required',
    })
    if (!r.verified) return fail('signature', 'the signature does not verify with the credential\'s public key') // §7.2: sig over authData || SHA-256(cData)
    return { ok: true, signCount: r.authenticationInfo.newCounter, userVerified: r.authenticationInfo.userVerified }
  } catch (e) {
    const why = (e as Error).message
    // §7.2 (signCount; §6.1.1): a signCount that did not grow means a cloned authenticator or a replayed assertion.
    if (/counter/i.test(why)) return fail('sign-count', why)
    return fail('signature', why)
  }
}
