/** The approval vectors' fixed ES256 signature (docs/binding.md §14.5) still signs what the vectors build; a change of the subject says what to record instead. */
import { createHash, sign } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { verifyAssertion } from '../../src/approval/index.js'
import { approvalFixture, bobAssertion } from '../../src/spec/vectors-approval.js'
import { BOB_ES256_SIGNATURE_B64URL, VECTOR_RP } from '../../src/spec/vectors-approval-fixed.js'

describe('the recorded ES256 assertion of the approval vectors', () => {
  it('verifies over the challenge the vectors derive (else: record the signature printed here)', async () => {
    const { target, bob } = approvalFixture()
    const a = bobAssertion(bob, target)
    const data = Buffer.concat([Buffer.from(a.authenticatorData, 'base64url'), createHash('sha256').update(Buffer.from(a.clientDataJSON, 'base64url')).digest()])
    const fresh = sign('sha256', data, { key: bob.privateKey, dsaEncoding: 'der' }).toString('base64url')
    const challenge = JSON.parse(Buffer.from(a.clientDataJSON, 'base64url').toString()) as { challenge: string }
    const r = await verifyAssertion(a, { id: a.credentialId, publicKey: Buffer.from(bob.publicKeyCose).toString('base64url') }, challenge.challenge, VECTOR_RP)
    expect(r.ok, `src/spec/vectors-approval-fixed.ts: set BOB_ES256_SIGNATURE_B64URL = '${fresh}' (was ${BOB_ES256_SIGNATURE_B64URL})`).toBe(true)
  })
})
