import { describe, expect, it } from 'vitest'
import { checkReceipt, generateKeyPair, jwks, jwksKeyResolver } from '../../src/binding/index.js'
import { signReceipt, verifyReceipt } from '../../src/guard/index.js'

const key = await generateKeyPair()
const other = await generateKeyPair()
const claims = { decisionId: 'd-1', digest: 'ab'.repeat(32), status: 200, ts: 1767225600, aud: 'sandbox-1' }

describe('receipts', () => {
  it('are compact JWS that verify with the guard public JWK and return the claims', async () => {
    const r = signReceipt(claims, key)
    expect(r.split('.').length).toBe(3)
    expect(JSON.parse(Buffer.from(r.split('.')[0] ?? '', 'base64url').toString())).toEqual({ alg: 'EdDSA', kid: key.kid, typ: 'verbatim-receipt+jws' })
    expect(await verifyReceipt(r, key.publicJwk)).toEqual(claims)
  })

  it('refuse another key with ERR_GUARD_RECEIPT_INVALID', async () => {
    await expect(verifyReceipt(signReceipt(claims, key), other.publicJwk)).rejects.toMatchObject({ code: 'ERR_GUARD_RECEIPT_INVALID' })
  })

  it('refuse an edited status with ERR_GUARD_RECEIPT_INVALID', async () => {
    const [h, , s] = signReceipt(claims, key).split('.')
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, status: 500 })).toString('base64url')}.${s}`
    await expect(verifyReceipt(forged, key.publicJwk)).rejects.toMatchObject({ code: 'ERR_GUARD_RECEIPT_INVALID' })
  })
})

describe('checkReceipt (the gate side)', () => {
  const keys = jwksKeyResolver({ jwks: jwks([key]) })
  const expected = { decisionId: 'd-1', digest: 'ab'.repeat(32), aud: 'sandbox-1', status: 200 }

  it('accepts a receipt from a trusted key that names this call and this status', async () => {
    expect(await checkReceipt(signReceipt(claims, key), expected, keys)).toEqual(claims)
  })

  it.each([
    ['missing', undefined, /no Verbatim-Receipt/],
    ['not a JWS', 'abc.def', /not a compact JWS/],
    ['signed by an untrusted key', signReceipt(claims, other), /not a trusted guard key/],
    ['for another decision', signReceipt({ ...claims, decisionId: 'd-2' }, key), /decisionId/],
    ['over other bytes', signReceipt({ ...claims, digest: 'cd'.repeat(32) }, key), /digest/],
    ['from another audience', signReceipt({ ...claims, aud: 'sandbox-2' }, key), /aud/],
    ['for another status', signReceipt({ ...claims, status: 500 }, key), /status/],
  ])('refuses a receipt %s with ERR_GUARD_RECEIPT_INVALID', async (_name, header, message) => {
    await expect(checkReceipt(header, expected, keys)).rejects.toMatchObject({ code: 'ERR_GUARD_RECEIPT_INVALID', message: expect.stringMatching(message) })
  })

  it('refuses a payload edited under a valid signature', async () => {
    const [h, , s] = signReceipt(claims, key).split('.')
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, decisionId: 'd-1' , ts: 1 })).toString('base64url')}.${s}`
    await expect(checkReceipt(forged, expected, keys)).rejects.toMatchObject({ code: 'ERR_GUARD_RECEIPT_INVALID', message: expect.stringMatching(/signature/) })
  })
})
