/** WebAuthn assertions over an approval's challenge (WebAuthn Level 3 §7.2): one test per refusal. */
import { generateKeyPairSync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { assertionDigest, challengeOf, subjectOf, verifyAssertion } from '../../src/approval/index.js'
import type { ApprovalTarget, Assertion, RelyingParty } from '../../src/approval/index.js'
import { FLAG_UP, FLAG_UV, softAssertion, softCredential } from '../../src/spec/soft-authenticator.js'
import type { CoseAlg } from '../../src/spec/soft-authenticator.js'

const RP: RelyingParty = { rpId: 'localhost', origins: ['http://localhost:8081'], userVerification: 'required' }
const TARGET: ApprovalTarget = {
  approvalId: 'a-1', decisionId: 'd-1', agent: 'coder', tool: 'shell.exec', audience: 'sandbox-1',
  digest: 'ab'.repeat(32), policyDigest: 'cd'.repeat(32), asked: 1767225600, expires: 1767226500,
}
const challenge = challengeOf(subjectOf(TARGET, 'approve', 'looks fine'))

function credential(alg: CoseAlg) {
  const { privateKey } = alg === -8 ? generateKeyPairSync('ed25519') : generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const c = softCredential(privateKey, alg, new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]))
  return { c, key: { id: Buffer.from(c.id).toString('base64url'), publicKey: Buffer.from(c.publicKeyCose).toString('base64url') } }
}

const edit = (a: Assertion, part: 'clientDataJSON' | 'authenticatorData', f: (b: Buffer) => Buffer): Assertion => ({ ...a, [part]: f(Buffer.from(a[part], 'base64url')).toString('base64url') })

describe.each([-7, -8] as const)('verifyAssertion (COSE alg %i)', (alg) => {
  it('accepts an assertion over this call\'s challenge, made at the console\'s origin', async () => {
    const { c, key } = credential(alg)
    const r = await verifyAssertion(softAssertion(c, { challenge, origin: RP.origins[0]!, rpId: RP.rpId }), key, challenge, RP)
    expect(r).toEqual({ ok: true, signCount: 1, userVerified: true })
  })

  it.each([
    ['another challenge (other bytes, or another approver\'s action)', { challenge: challengeOf(subjectOf(TARGET, 'deny', 'looks fine')) }, 'challenge'],
    ['another origin', { origin: 'http://localhost:9999' }, 'origin'],
    ['an assertion made in a cross-origin frame', { crossOrigin: true }, 'origin'],
    ['another RP ID', { rpId: 'evil.example' }, 'rp-id'],
    ['no user presence', { flags: FLAG_UV }, 'user-present'],
    ['no user verification when required', { flags: FLAG_UP }, 'user-verified'],
    ['a registration, not an assertion', { type: 'webauthn.create' }, 'type'],
  ])('refuses %s', async (_name, o, step) => {
    const { c, key } = credential(alg)
    const a = softAssertion(c, { challenge, origin: RP.origins[0]!, rpId: RP.rpId, ...o })
    expect(await verifyAssertion(a, key, challenge, RP)).toMatchObject({ ok: false, step })
  })

  it('refuses a signature made by another key, and bytes changed after signing', async () => {
    const { c } = credential(alg)
    const other = credential(alg).key
    const a = softAssertion(c, { challenge, origin: RP.origins[0]!, rpId: RP.rpId })
    expect(await verifyAssertion(a, { ...other, id: a.credentialId }, challenge, RP)).toMatchObject({ ok: false, step: 'signature' })
    const own = { id: a.credentialId, publicKey: Buffer.from(c.publicKeyCose).toString('base64url') }
    const flipped = edit(a, 'authenticatorData', (b) => Buffer.concat([b.subarray(0, 36), Buffer.from([(b[36] as number) ^ 1])]))
    expect(await verifyAssertion(flipped, own, challenge, RP)).toMatchObject({ ok: false, step: 'signature' })
  })

  it('refuses a signCount that did not grow (a replayed assertion or a cloned authenticator)', async () => {
    const { c, key } = credential(alg)
    const a = softAssertion(c, { challenge, origin: RP.origins[0]!, rpId: RP.rpId, signCount: 5 })
    expect(await verifyAssertion(a, { ...key, counter: 5 }, challenge, RP)).toMatchObject({ ok: false, step: 'sign-count' })
    expect(await verifyAssertion(a, { ...key, counter: 4 }, challenge, RP)).toMatchObject({ ok: true, signCount: 5 })
  })

  it('refuses an assertion naming another credential, and parts that are not canonical base64url', async () => {
    const { c, key } = credential(alg)
    const a = softAssertion(c, { challenge, origin: RP.origins[0]!, rpId: RP.rpId })
    expect(await verifyAssertion(a, { ...key, id: 'AAAA' }, challenge, RP)).toMatchObject({ ok: false, step: 'credential' })
    expect(await verifyAssertion({ ...a, signature: `${a.signature}=` }, key, challenge, RP)).toMatchObject({ ok: false, step: 'encoding' })
    expect(await verifyAssertion(edit(a, 'clientDataJSON', () => Buffer.from([0xff, 0xfe])), key, challenge, RP)).toMatchObject({ ok: false, step: 'client-data' })
  })
})

describe('assertionDigest', () => {
  it('is SHA-256 of the RFC 8785 bytes of the four parts, and changes with any of them', () => {
    const a: Assertion = { credentialId: 'AQID', clientDataJSON: 'e30', authenticatorData: 'AA', signature: 'AB' }
    // sha256('{"authenticatorData":"AA","clientDataJSON":"e30","credentialId":"AQID","signature":"AB"}')
    expect(assertionDigest(a)).toBe('419865ad0ac040b44f8e05c0510f64e26774bbd357644c8b28bc3a0c82a47972')
    for (const k of ['credentialId', 'clientDataJSON', 'authenticatorData', 'signature'] as const) expect(assertionDigest({ ...a, [k]: 'Zg' })).not.toBe(assertionDigest(a))
  })
})
