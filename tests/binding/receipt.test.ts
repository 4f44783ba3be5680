import { sign as cryptoSign } from 'node:crypto'
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

describe('one spelling per receipt (docs/binding.md §12, steps 2, 3 and 7)', () => {
  const keys = jwksKeyResolver({ jwks: jwks([key]) })
  const expected = { decisionId: 'd-1', digest: 'ab'.repeat(32), aud: 'sandbox-1', status: 200 }
  const b64u = (s: string | Uint8Array): string => Buffer.from(s).toString('base64url')
  const head = b64u(JSON.stringify({ alg: 'EdDSA', kid: key.kid, typ: 'verbatim-receipt+jws' }))
  const signedOver = (h: string, p: string): string => `${h}.${p}.${b64u(cryptoSign(null, Buffer.from(`${h}.${p}`), key.privateKey))}`

  it('verifyReceipt and checkReceipt refuse the same signature re-spelled with non-zero unused bits', async () => {
    const good = signReceipt(claims, key)
    const s = good.split('.')[2] ?? ''
    // 64 bytes are 86 characters whose last one carries 4 unused bits, zero in canonical form: set the lowest.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
    const respelled = `${good.slice(0, -1)}${alphabet[alphabet.indexOf(s.at(-1) ?? 'A') + 1] ?? ''}`
    expect(Buffer.from(respelled.split('.')[2] ?? '', 'base64url')).toEqual(Buffer.from(s, 'base64url'))
    await expect(verifyReceipt(respelled, key.publicJwk)).rejects.toMatchObject({ code: 'ERR_GUARD_RECEIPT_INVALID', message: expect.stringMatching(/canonical base64url/) })
    await expect(checkReceipt(respelled, expected, keys)).rejects.toMatchObject({ code: 'ERR_GUARD_RECEIPT_INVALID', message: expect.stringMatching(/canonical base64url/) })
  })

  it.each([
    ['status 200.0', JSON.stringify(claims).replace('"status":200', '"status":200.0'), /claims are malformed/],
    ['status 2E2', JSON.stringify(claims).replace('"status":200', '"status":2E2'), /claims are malformed/],
    ['a status inside a nested object only', JSON.stringify({ ...claims, status: undefined, x: { status: 200 } }), /claims are malformed/],
    ['status written twice', JSON.stringify(claims).replace('"status":200', '"status":500,"status":200'), /parses one way/],
  ])('verifyReceipt refuses %s, signed by the trusted key', async (_n, payload, why) => {
    await expect(verifyReceipt(signedOver(head, b64u(payload)), key.publicJwk)).rejects.toMatchObject({ code: 'ERR_GUARD_RECEIPT_INVALID', message: expect.stringMatching(why) })
  })

  it('reads integer spellings at the top level only, whatever the whitespace and key escapes', async () => {
    const payload = ` { "decisionId" : "d-1" , "digest":"${'ab'.repeat(32)}", "x":{"status":1.5}, "st\\u0061tus" :\t200 , "ts": -0 , "aud":"sandbox-1" } `
    expect(await checkReceipt(signedOver(head, b64u(payload)), expected, keys)).toMatchObject({ status: 200, ts: 0 })
  })

  it('gives a key set that cannot be had ERR_GUARD_RECEIPT_INVALID, as every other failure', async () => {
    const down = async (): Promise<undefined> => { throw new Error('the set is unreachable') }
    await expect(checkReceipt(signReceipt(claims, key), expected, down)).rejects.toMatchObject({ code: 'ERR_GUARD_RECEIPT_INVALID', message: expect.stringMatching(/cannot be had/) })
  })
})
