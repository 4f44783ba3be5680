import { describe, expect, it } from 'vitest'
import { generateKeyPair } from '../../src/binding/index.js'
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
