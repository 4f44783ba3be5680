/** @module spec/vectors-receipt: receipt vectors, what the gate's checkReceipt accepts and refuses (docs/binding.md §12). */
import { sign } from 'node:crypto'
import type { JWK } from 'jose'
import { RECEIPT_TYP, jwks, signReceipt } from '../binding/index.js'
import type { ExpectedReceipt, ReceiptClaims, SigningKey } from '../binding/index.js'

export interface ReceiptVector {
  name: string
  /** The Verbatim-Receipt field value, or null when the answer carries none. */
  header: string | null
  /** The guard keys configured for the upstream (the key rules of §9 apply). */
  keys: JWK[]
  /** This call: its decision id, the digest of the forwarded bytes, the upstream audience, the status relayed. */
  expected: ExpectedReceipt
  /** 'accept', or ERR_GUARD_RECEIPT_INVALID. */
  expect: string
  /** For accepted vectors: the claims. */
  claims?: ReceiptClaims
}

const b64u = (s: string | Uint8Array): string => Buffer.from(s).toString('base64url')

/** A compact JWS with any header and payload, for the refusals signReceipt cannot produce. */
function jws(header: unknown, payload: unknown, key: SigningKey): string {
  return signed(b64u(JSON.stringify(header)), b64u(JSON.stringify(payload)), key)
}

/** A compact JWS over header and payload parts exactly as given (any JSON text, any base64url spelling). */
function signed(h: string, p: string, key: SigningKey): string {
  const input = `${h}.${p}`
  return `${input}.${b64u(sign(null, Buffer.from(input, 'ascii'), key.privateKey))}`
}

/** The same bytes in base64url whose unused low bits are not zero (RFC 4648 §3.5): the last character moved up by one. */
function padBits(part: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
  return part.slice(0, -1) + (alphabet[alphabet.indexOf(part.at(-1) ?? 'A') + 1] ?? 'A')
}

/** `guard` signs receipts; `gate` is a key the gate trusts for bindings but not as a guard key. */
export function receiptVectors(guard: SigningKey, gate: SigningKey, expected: ExpectedReceipt, ts: number): ReceiptVector[] {
  const keys = jwks([guard]).keys
  const claims: ReceiptClaims = { decisionId: expected.decisionId, digest: expected.digest, status: expected.status, ts, aud: expected.aud }
  const good = signReceipt(claims, guard)
  const [h, p, s] = good.split('.') as [string, string, string]
  const head = { alg: 'EdDSA', kid: guard.kid, typ: RECEIPT_TYP }
  const r = (name: string, header: string | null, expect = 'ERR_GUARD_RECEIPT_INVALID', over: Partial<ReceiptVector> = {}): ReceiptVector =>
    ({ name, header, keys, expected, expect, ...over })
  const hText = JSON.stringify(head)
  // The claims as JSON text, with `status` written as given (a spelling JSON.stringify never produces).
  const claimsText = (status: string): string => JSON.stringify(claims).replace(`"status":${claims.status}`, `"status":${status}`)
  const raw = (headText: string, payloadText: string): string => signed(b64u(headText), b64u(payloadText), guard)
  const jwk = keys[0] as JWK
  const { kid: _kid, ...withoutKid } = jwk
  return [
    r('the receipt for the test-vector call', good, 'accept', { claims }),
    r('a receipt with an extra claim (ignored, but signed)', jws(head, { ...claims, note: 'x' }, guard), 'accept', { claims: { ...claims, note: 'x' } as ReceiptClaims }),
    r('the same receipt, the key listed without alg and use', good, 'accept', { claims, keys: [{ kty: 'OKP', crv: 'Ed25519', x: guard.publicJwk.x as string, kid: guard.kid }] }),
    r('the same receipt, the key listed with key_ops ["verify"]', good, 'accept', { claims, keys: [{ ...jwk, key_ops: ['verify'] }] }),
    r('no receipt', null),
    r('an empty receipt', ''),
    r('not a compact JWS (two parts)', `${h}.${p}`),
    r('a part outside base64url', `${h}.${p}.${s}=`),
    r('a header that is not JSON', `${b64u('{alg')}.${p}.${s}`),
    r('a signature part whose unused bits are not zero (another spelling of the same bytes)', `${h}.${p}.${padBits(s)}`),
    r('a payload part whose unused bits are not zero, signed as written', signed(h, padBits(p), guard)),
    r('a payload part of 4n+1 characters, signed as written', signed(h, `${p}A`, guard)),
    r('a header that is a JSON array', raw(JSON.stringify([head]), JSON.stringify(claims))),
    r('a payload that is a JSON array', raw(hText, JSON.stringify([claims]))),
    r('a payload that is a JSON string', raw(hText, JSON.stringify(JSON.stringify(claims)))),
    r('a header member written twice', raw(hText.replace('{', '{"typ":"JWT",'), JSON.stringify(claims))),
    r('a claim written twice, the last one right', raw(hText, claimsText(`500,"status":${claims.status}`))),
    r('claims that differ only in case (Status and status)', raw(hText, JSON.stringify({ Status: 500, ...claims }))),
    r('a payload that is not UTF-8', signed(h, b64u(Buffer.concat([Buffer.from(JSON.stringify(claims).slice(0, -1) + ',"x":"'), Buffer.from([0xc0, 0xaf]), Buffer.from('"}')])), guard)),
    r('a claim holding a lone surrogate', raw(hText, JSON.stringify(claims).replace('}', ',"x":"\\udc80"}'))),
    r('a header with crit (RFC 7515 §4.1.11: no extension is understood)', jws({ ...head, crit: ['exp'], exp: 1 }, claims, guard)),
    r('alg none', jws({ ...head, alg: 'none' }, claims, guard)),
    r('typ JWT', jws({ ...head, typ: 'JWT' }, claims, guard)),
    r('no kid', jws({ alg: 'EdDSA', typ: RECEIPT_TYP }, claims, guard)),
    r('signed by a key that is not a trusted guard key', signReceipt(claims, gate)),
    r('a kid the set holds under a wrong thumbprint', good, undefined, { keys: [{ ...jwk, kid: 'x' }] }),
    r('the key listed without kid', good, undefined, { keys: [withoutKid] }),
    r('the key listed with key_ops verify and sign', good, undefined, { keys: [{ ...jwk, key_ops: ['verify', 'sign'] }] }),
    r('the payload edited after signing', `${h}.${b64u(JSON.stringify({ ...claims, status: 201 }))}.${s}`),
    r('a signature of 63 bytes', `${h}.${p}.${b64u(Buffer.from(s, 'base64url').subarray(0, 63))}`),
    r('a digest that is not 64 hex digits', jws(head, { ...claims, digest: expected.digest.toUpperCase() }, guard)),
    r('a status that is a string', jws(head, { ...claims, status: String(claims.status) }, guard)),
    r('a status written 200.0', raw(hText, claimsText(`${claims.status}.0`))),
    r('a status written 2e2', raw(hText, claimsText('2e2'))),
    r('a ts written with a fraction', raw(hText, JSON.stringify(claims).replace(`"ts":${ts}`, `"ts":${ts}.0`))),
    r('for another decision', signReceipt({ ...claims, decisionId: `${claims.decisionId}X` }, guard)),
    r('over other bytes', signReceipt({ ...claims, digest: 'ab'.repeat(32) }, guard)),
    r('from another audience', signReceipt({ ...claims, aud: 'sandbox-2' }, guard)),
    r('for another status than the one relayed', signReceipt({ ...claims, status: 500 }, guard)),
  ]
}
