/** @module spec/vectors-late: refused request vectors of steps 3-11 (docs/binding.md §6), and the order of steps. */
import { createHash } from 'node:crypto'
import type { JWK } from 'jose'
import type { SigningKey } from '../binding/index.js'
import type { Kit, RequestVector, VectorRequest, VectorStep } from './vector-kit.js'
import { b64 } from './vector-kit.js'

const INVALID = 'ERR_GUARD_SIGNATURE_INVALID'
const NOT_CANONICAL = 'ERR_GUARD_NOT_CANONICAL'

/** Refusals from the algorithm check on; `other` is a second key (RFC 8032 TEST 2) that the guard does not trust. */
export function lateVectors(k: Kit, other: SigningKey): RequestVector[] {
  const h = k.ok.headers
  const si = h['signature-input'] ?? ''
  const sg = h.signature ?? ''
  const headers = (over: Record<string, string>): Partial<VectorRequest> => ({ headers: { ...h, ...over } })
  const v = (step: VectorStep, code: string, name: string, req: Partial<VectorRequest> = {}, state: Partial<Kit['verifier']> = {}): RequestVector =>
    k.vector(name, code, step, req, state)
  const skew = k.verifier.skewSeconds
  const jwk = k.verifier.keys[0] as JWK
  const flipped = sg.replace(/:(.)/, (_m, c: string) => `:${c === 'A' ? 'B' : 'A'}`)
  // The test key, but under a kid that is not its thumbprint (or under the thumbprint of a key of another curve).
  const bogus: SigningKey = { ...k.key, kid: 'not-its-thumbprint-0000000000000000000000000' }
  const x448 = Buffer.alloc(57, 1).toString('base64url')
  // RFC 7638 §3.2: its own thumbprint, so that the curve is the only thing wrong with it.
  const ed448: JWK = { kty: 'OKP', crv: 'Ed448', x: x448, kid: createHash('sha256').update(JSON.stringify({ crv: 'Ed448', kty: 'OKP', x: x448 })).digest('base64url') }
  const ed448Key: SigningKey = { ...k.key, kid: ed448.kid as string }
  const body = (text: string | Uint8Array): VectorRequest => k.sign({ body: text })
  const { kid: _kid, ...withoutKid } = jwk
  return [
    v(3, 'ERR_GUARD_ALG_UNSUPPORTED', 'alg changed to rsa-pss-sha512', headers({ 'signature-input': si.replace('"ed25519"', '"rsa-pss-sha512"') })),
    v(3, 'ERR_GUARD_ALG_UNSUPPORTED', 'alg in capitals', headers({ 'signature-input': si.replace('"ed25519"', '"ED25519"') })),

    v(4, 'ERR_GUARD_EXPIRED', 'verified after expires + skew', {}, { now: k.expires + skew + 1 }),
    v(4, 'ERR_GUARD_NOT_YET_VALID', 'verified before created - skew', {}, { now: k.created - skew - 1 }),
    v(4, 'ERR_GUARD_NOT_YET_VALID', 'a window longer than maxTtl', k.sign({ ttl: 301 }), { now: k.created }),
    v(4, 'ERR_GUARD_NOT_YET_VALID', 'a verifier whose maxTtl is shorter than the window', {}, { maxTtlSeconds: 59 }),
    v(4, 'ERR_GUARD_NOT_YET_VALID', 'expires equal to created', headers({ 'signature-input': si.replace(/expires=\d+/, `expires=${k.created}`) })),

    v(5, 'ERR_GUARD_KEY_UNKNOWN', 'unknown keyid', {}, { keys: [] }),
    v(5, 'ERR_GUARD_KEY_UNKNOWN', 'a key whose kid is not its RFC 7638 thumbprint', k.sign({ key: bogus }), { keys: [{ ...jwk, kid: bogus.kid }] }),
    v(5, 'ERR_GUARD_KEY_UNKNOWN', 'a key with alg ES256', {}, { keys: [{ ...jwk, alg: 'ES256' }] }),
    v(5, 'ERR_GUARD_KEY_UNKNOWN', 'a key with use enc', {}, { keys: [{ ...jwk, use: 'enc' }] }),
    v(5, 'ERR_GUARD_KEY_UNKNOWN', 'a key whose key_ops do not include verify', {}, { keys: [{ ...jwk, key_ops: ['sign'] }] }),
    v(5, 'ERR_GUARD_KEY_UNKNOWN', 'a key whose key_ops are verify and sign', {}, { keys: [{ ...jwk, key_ops: ['verify', 'sign'] }] }),
    v(5, 'ERR_GUARD_KEY_UNKNOWN', 'a key whose key_ops is the String "verify", not an array', {}, { keys: [{ ...jwk, key_ops: 'verify' } as unknown as JWK] }),
    v(5, 'ERR_GUARD_KEY_UNKNOWN', 'a key without kid (its thumbprint is not looked up)', {}, { keys: [withoutKid] }),
    v(5, 'ERR_GUARD_KEY_UNKNOWN', 'a key set entry holding a private key', {}, { keys: [{ ...jwk, d: k.key.privateKey.export({ format: 'jwk' }).d as string }] }),
    v(5, 'ERR_GUARD_KEY_UNKNOWN', 'an Ed448 key under the keyid', k.sign({ key: ed448Key }), { keys: [ed448] }),

    v(6, INVALID, 'corrupted signature', headers({ signature: flipped })),
    v(6, INVALID, 'audience changed in Verbatim-Decision', headers({ 'verbatim-decision': (h['verbatim-decision'] ?? '').replace('"sandbox-1"', '"sandbox-2"') })),
    v(6, INVALID, 'query appended', { query: '?path=/etc/passwd' }),
    v(6, INVALID, 'path percent-encoded', { path: '/v1/tools/fs%2Eread' }),
    v(6, INVALID, 'path with a dot segment', { path: '/v1/tools/../tools/fs.read' }),
    v(6, INVALID, 'parameters in another order', headers({ 'signature-input': si.replace(/;created=(\d+);expires=(\d+)/, ';expires=$2;created=$1') })),
    v(6, INVALID, 'a signature of 63 bytes', headers({ signature: `verbatim=:${Buffer.from(sg.slice('verbatim=:'.length, -1), 'base64').subarray(0, 63).toString('base64')}:` })),
    v(6, INVALID, 'signed by another key under the trusted keyid', { headers: { ...k.sign({ key: { ...other, kid: k.key.kid } }).headers } }),

    v(7, 'ERR_GUARD_DIGEST_MISMATCH', 'one body byte changed', { bodyBase64: b64('{"path":"/workspace/b.txt"}') }),
    v(7, 'ERR_GUARD_DIGEST_MISMATCH', 'body re-spaced', { bodyBase64: b64('{"path": "/workspace/a.txt"}') }),
    v(7, 'ERR_GUARD_DIGEST_MISMATCH', 'body with a byte order mark added', { bodyBase64: b64(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"path":"/workspace/a.txt"}')])) }),

    v(8, 'ERR_GUARD_AUDIENCE', 'verifier has another audience', {}, { audience: 'sandbox-2' }),
    v(8, 'ERR_GUARD_AUDIENCE', 'signed for another audience', k.sign({ decision: { audience: 'sandbox-2' } })),

    v(9, 'ERR_GUARD_TARGET_MISMATCH', 'signed path names another tool', k.sign({ path: '/v1/tools/fs.write' })),
    v(9, 'ERR_GUARD_TARGET_MISMATCH', 'signed path extends the tool name', k.sign({ path: '/v1/tools/fs.read/x' })),
    v(9, 'ERR_GUARD_TARGET_MISMATCH', 'signed method PUT', k.sign({ method: 'PUT' })),

    v(10, 'ERR_GUARD_BEFORE_START', 'restart rule: created = startedAt + skew', {}, { startedAt: k.created - skew }),
    v(10, 'ERR_GUARD_BEFORE_START', 'restart rule: the guard started after the binding was created', {}, { startedAt: k.created + 5 }),
    v(10, 'ERR_GUARD_REPLAY', 'nonce already claimed', {}, { seenNonces: ['AAECAwQFBgcICQoLDA0ODw'] }),
    v(10, 'ERR_GUARD_REPLAY_STORE', 'replay store unavailable', {}, { replayStore: 'unavailable' }),
    v(10, 'ERR_GUARD_REPLAY', 'a replay with a body that is not canonical: step 10 comes first', body('{"b":1,"a":2}'), { seenNonces: ['AAECAwQFBgcICQoLDA0ODw'] }),

    v(11, NOT_CANONICAL, 'keys out of order', body('{"b":1,"a":2}')),
    v(11, NOT_CANONICAL, 'whitespace between tokens', body('{"path": "/workspace/a.txt"}')),
    v(11, NOT_CANONICAL, 'a number spelled 1.0', body('{"a":1.0}')),
    v(11, NOT_CANONICAL, 'an integer beyond 2^53 that rounds', body('{"a":9007199254740993}')),
    v(11, NOT_CANONICAL, 'a duplicate key', body('{"a":1,"a":1}')),
    v(11, NOT_CANONICAL, 'keys that collide under case folding', body('{"Name":"fs.read","name":"shell.exec"}')),
    v(11, NOT_CANONICAL, 'keys that collide under Unicode simple case folding (Kelvin sign)', body('{"k":1,"\u212a":2}')),
    v(11, NOT_CANONICAL, 'a __proto__ key', body('{"__proto__":{"admin":true}}')),
    v(11, NOT_CANONICAL, 'constructor holding prototype', body('{"constructor":{"prototype":{"admin":true}}}')),
    v(11, NOT_CANONICAL, 'an escaped NUL', body('{"a":"admin\\u0000x"}')),
    v(11, NOT_CANONICAL, 'a noncharacter (U+FFFF)', body('{"a":"\uffff"}')),
    v(11, NOT_CANONICAL, 'nested 65 deep', body('['.repeat(65) + ']'.repeat(65))),
    v(11, NOT_CANONICAL, 'a byte order mark', body(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":1}')]))),
    v(11, NOT_CANONICAL, 'bytes that are not UTF-8', body(Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc0, 0xaf, 0x22, 0x7d]))),

    v(3, 'ERR_GUARD_ALG_UNSUPPORTED', 'order: a bad alg and expired', headers({ 'signature-input': si.replace('"ed25519"', '"x"') }), { now: k.expires + 999 }),
    v(4, 'ERR_GUARD_EXPIRED', 'order: expired and an unknown key', {}, { now: k.expires + 999, keys: [] }),
    v(5, 'ERR_GUARD_KEY_UNKNOWN', 'order: an unknown key and a corrupted signature', headers({ signature: flipped }), { keys: [] }),
    v(6, INVALID, 'order: a corrupted signature inside the restart window', headers({ signature: flipped }), { startedAt: k.created }),
    v(7, 'ERR_GUARD_DIGEST_MISMATCH', 'order: a digest mismatch and another audience', { bodyBase64: b64('{}') }, { audience: 'sandbox-2' }),
    v(8, 'ERR_GUARD_AUDIENCE', 'order: another audience and another tool', k.sign({ decision: { audience: 'x' }, path: '/v1/tools/other' })),
    v(10, 'ERR_GUARD_BEFORE_START', 'order: the restart rule before the nonce', {}, { startedAt: k.created, seenNonces: ['AAECAwQFBgcICQoLDA0ODw'] }),
  ]
}
