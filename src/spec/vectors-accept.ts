/** @module spec/vectors-accept: request vectors every verifier must accept, with the value the tool receives. */
import { publicJwkOf } from '../binding/index.js'
import type { Kit, RequestVector } from './vector-kit.js'
import { CONTENT_TYPE } from './vector-kit.js'

const UNICODE = String.raw`{"a":"quote \" backslash \\ newline \n tab \t unit \u001f del ${'\x7f'} sep ${'\u2028'}","emoji":"😀","text":"日本語 café","€":"euro","😀":1,"ｆ":2}`
const NESTED = String.raw`{"a":{"b":[{"c":[1,[2,[3,{"d":null}]]]}],"e":true,"f":false},"z":[]}`
const NUMERIC = String.raw`{"big":1e+21,"dec":0.1,"exp":1e-7,"int":9007199254740991,"neg":-12.5,"small":0.000001,"third":0.3333333333333333,"zero":0}`
const DEEP = '['.repeat(63) + '{"d":1}' + ']'.repeat(63)

/** Accepted vectors: the main one, bodies that exercise RFC 8785, and the spellings §6.1 says verify. */
export function acceptVectors(k: Kit): RequestVector[] {
  const h = k.ok.headers
  const si = h['signature-input'] ?? ''
  const sg = h.signature ?? ''
  const jwk = publicJwkOf(k.key.privateKey)
  const { alg: _alg, use: _use, ...bare } = jwk
  const body = (text: string): RequestVector['request'] => k.sign({ body: text })
  const acc = (name: string, req: Partial<RequestVector['request']>, v: Partial<RequestVector['verifier']> = {}, value: unknown = { path: '/workspace/a.txt' }): RequestVector =>
    k.vector(name, 'accept', undefined, req, v, value)
  return [
    acc('the test-vector request', {}),
    acc('a unicode body: escapes, astral and BMP keys in UTF-16 order', body(UNICODE), {}, JSON.parse(UNICODE)),
    acc('a nested body', body(NESTED), {}, JSON.parse(NESTED)),
    acc('a body nested 64 deep, the limit', body(DEEP), {}, JSON.parse(DEEP)),
    acc('a numeric body in RFC 8785 number form', body(NUMERIC), {}, JSON.parse(NUMERIC)),
    acc('Content-Type with charset=utf-8', { headers: { ...h, 'content-type': `${CONTENT_TYPE}; charset=utf-8` } }),
    acc('Content-Type in capitals with a quoted charset', { headers: { ...h, 'content-type': 'Application/JSON;charset="UTF-8"' } }),
    acc('a path under an upstream prefix', k.sign({ path: '/sandbox-1/v1/tools/fs.read' })),
    acc('a query of just "?" (RFC 9421 §2.2.7: the same @query as none)', { query: '?' }),
    acc('another signer\'s signature beside ours', {
      headers: { ...h, 'signature-input': `proxy=("@method");created=1;keyid="x";tag="other", ${si}`, signature: `proxy=:AAAA:, ${sg}` },
    }),
    acc('another signer\'s members holding a Date and a Display String (RFC 9651 §3.3.7, §3.3.8)', {
      headers: { ...h, 'signature-input': `proxy=("@method");created=@1767225600;note=%"caf%c3%a9";tag="other", ${si}`, signature: `proxy=:AAAA:, ${sg}, when=@1767225600` },
    }),
    acc('optional whitespace around field values and between members', {
      headers: {
        ...h, 'content-digest': ` ${h['content-digest'] ?? ''}\t`, 'verbatim-decision': `\t${h['verbatim-decision'] ?? ''} `,
        'signature-input': `proxy=("@method");tag="other" ,\t ${si} `, signature: ` ${sg} ,  proxy=:AAAA:`,
      },
    }),
    acc('verified at created - skew', {}, { now: k.created - k.verifier.skewSeconds }),
    acc('verified at expires + skew', {}, { now: k.expires + k.verifier.skewSeconds }),
    acc('restart rule on, created after startedAt + skew', {}, { startedAt: k.created - k.verifier.skewSeconds - 1 }),
    acc('other nonces already claimed', {}, { seenNonces: ['AQECAwQFBgcICQoLDA0ODw'] }),
    acc('the key listed twice in the set, once without alg and use', {}, { keys: [bare, jwk] }),
    acc('the key with key_ops ["verify"]', {}, { keys: [{ ...jwk, key_ops: ['verify'] }] }),
    acc('other keys in the set that are not usable', {}, {
      keys: [{ kty: 'RSA', n: 'sXch', e: 'AQAB', kid: 'rsa-1' }, { ...bare, kid: 'not-the-thumbprint' }, jwk],
    }),
  ]
}
