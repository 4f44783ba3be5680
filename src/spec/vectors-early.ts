/** @module spec/vectors-early: refused request vectors of the body pre-check and steps 0-2 (docs/binding.md §6). */
import type { Kit, RequestVector, VectorRequest, VectorStep } from './vector-kit.js'

const SIG_MISSING = 'ERR_GUARD_SIGNATURE_MISSING'
const SIG_MULTIPLE = 'ERR_GUARD_SIGNATURE_MULTIPLE'
const MALFORMED = 'ERR_GUARD_SIGNATURE_MALFORMED'
const PARAMS = 'ERR_GUARD_PARAMS_MISSING'

/** Refusals before the signature is checked: the body pre-check, content type, selection, spelling and shape. */
export function earlyVectors(k: Kit): RequestVector[] {
  const h = k.ok.headers
  const si = h['signature-input'] ?? ''
  const sg = h.signature ?? ''
  const dec = h['verbatim-decision'] ?? ''
  const sig64 = sg.slice('verbatim=:'.length, -1)
  const without = (...names: string[]): Record<string, string> => Object.fromEntries(Object.entries(h).filter(([n]) => !names.includes(n)))
  const headers = (over: Record<string, string>): Partial<VectorRequest> => ({ headers: { ...h, ...over } })
  const v = (step: VectorStep, code: string, name: string, req: Partial<VectorRequest> = {}, state: Partial<Kit['verifier']> = {}): RequestVector =>
    k.vector(name, code, step, req, state)
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
  const padBits = `${sig64.slice(0, -3)}${alphabet[alphabet.indexOf(sig64.at(-3) ?? 'A') ^ 1] ?? 'A'}==`
  // A tab inside a header value, signed anyway: the base would carry it, so the guard refuses before checking.
  const tabbed = dec.replace(', agent=', ',\tagent=')
  const tabBase = k.base.replace(dec, tabbed)
  // A member written twice, signed as written: parsers keep the last value (RFC 9651 §4.2.2), a reader may keep the first.
  const cd = h['content-digest'] ?? ''
  const twice = (name: 'content-digest' | 'verbatim-decision', value: string): Partial<VectorRequest> =>
    ({ headers: k.signRaw({ ...h, [name]: value }, k.base.replace(`"${name}": ${h[name] ?? ''}`, `"${name}": ${value}`)) })
  const other = 'proxy=("@method");tag="other"'
  return [
    v('method', 'ERR_INTAKE_MALFORMED_HTTP', 'method spelled in lowercase', { method: 'post' }),
    v('method', 'ERR_INTAKE_MALFORMED_HTTP', 'method in mixed case', { method: 'Post' }),
    v('method', 'ERR_INTAKE_MALFORMED_HTTP', 'a lowercase method and an empty body: the request line comes first', { ...k.sign({ body: '' }), method: 'post' }),

    v('body', 'ERR_INTAKE_EMPTY_BODY', 'an empty body', k.sign({ body: '' })),
    v('body', 'ERR_INTAKE_TOO_LARGE', 'a body over the size limit', {}, { maxBodyBytes: 26 }),
    v('body', 'ERR_INTAKE_EMPTY_BODY', 'an empty body without a Content-Type: the pre-check comes first', { ...k.sign({ body: '' }), headers: without('content-type') }),

    v(0, 'ERR_GUARD_CONTENT_TYPE', 'no Content-Type', { headers: without('content-type') }),
    v(0, 'ERR_GUARD_CONTENT_TYPE', 'Content-Type text/plain', headers({ 'content-type': 'text/plain' })),
    v(0, 'ERR_GUARD_CONTENT_TYPE', 'Content-Type application/json with charset=latin1', headers({ 'content-type': 'application/json; charset=latin1' })),
    v(0, 'ERR_GUARD_CONTENT_TYPE', 'Content-Type application/problem+json', headers({ 'content-type': 'application/problem+json' })),
    v(0, 'ERR_GUARD_CONTENT_TYPE', 'no Content-Type and no signature: step 0 comes first', { headers: without('content-type', 'signature', 'signature-input') }),

    v(1, SIG_MISSING, 'no signature headers', { headers: without('signature', 'signature-input') }),
    v(1, SIG_MISSING, 'Signature-Input without Signature', { headers: without('signature') }),
    v(1, SIG_MISSING, 'Signature without Signature-Input', { headers: without('signature-input') }),
    v(1, SIG_MISSING, 'an empty Signature field', headers({ signature: '' })),
    v(1, SIG_MISSING, 'tag changed', headers({ 'signature-input': si.replace('"verbatim-v1"', '"other-v1"') })),
    v(1, SIG_MISSING, 'tag spelled as a Token, not a String', headers({ 'signature-input': si.replace('"verbatim-v1"', 'verbatim-v1') })),
    v(1, MALFORMED, 'Signature-Input is not a Dictionary', headers({ 'signature-input': 'verbatim=(' })),
    v(1, MALFORMED, 'Signature is not a Dictionary', headers({ signature: 'verbatim=:not base64' })),
    v(1, MALFORMED, 'another signer\'s Date written as a Decimal: Signature-Input is not a Dictionary', headers({ 'signature-input': `proxy=("@method");created=@1767225600.5;tag="other", ${si}` })),
    v(1, MALFORMED, 'another signer\'s label written twice in Signature-Input', headers({ 'signature-input': `${other}, ${si}, ${other}`, signature: `proxy=:AAAA:, ${sg}` })),
    v(1, MALFORMED, 'another signer\'s label written twice in Signature', headers({ 'signature-input': `${other}, ${si}`, signature: `proxy=:AAAA:, ${sg}, proxy=:AAAA:` })),
    v(1, MALFORMED, 'our label written twice in Signature-Input, the second time under another tag', headers({ 'signature-input': `${si}, verbatim=("@method");tag="other"` })),
    v(1, SIG_MULTIPLE, 'a second verbatim-v1 signature', headers({ 'signature-input': `${si}, again=${si.slice('verbatim='.length)}`, signature: `${sg}, again=${sg.slice('verbatim='.length)}` })),
    v(1, SIG_MULTIPLE, 'label renamed in Signature-Input only', headers({ 'signature-input': si.replace(/^verbatim=/, 'renamed=') })),
    v(1, MALFORMED, 'Signature member is a String, not a Byte Sequence', headers({ signature: 'verbatim="abc"' })),
    v(1, MALFORMED, 'label renamed in both headers', headers({ 'signature-input': si.replace(/^verbatim=/, 'renamed='), signature: sg.replace(/^verbatim=/, 'renamed=') })),
    v(1, MALFORMED, 'Signature in base64 with non-zero pad bits', headers({ signature: `verbatim=:${padBits}:` })),
    v(1, MALFORMED, 'Signature in base64 without its padding', headers({ signature: `verbatim=:${sig64.replace(/=+$/, '')}:` })),
    v(1, MALFORMED, 'Signature member written twice', headers({ signature: `${sg}, ${sg}` })),
    v(1, MALFORMED, 'Signature-Input member written twice', headers({ 'signature-input': `${si}, ${si}` })),
    v(1, MALFORMED, 'created spelled as a Decimal, N.0', headers({ 'signature-input': si.replace(/created=(\d+)/, 'created=$1.0') })),
    v(1, MALFORMED, 'expires spelled as a Decimal, N.0', headers({ 'signature-input': si.replace(/expires=(\d+)/, 'expires=$1.0') })),
    v(1, MALFORMED, 'created with a leading zero', headers({ 'signature-input': si.replace('created=', 'created=0') })),
    v(1, MALFORMED, 'two spaces between covered components', headers({ 'signature-input': si.replace('"@method" ', '"@method"  ') })),
    v(1, MALFORMED, 'a space after a parameter\'s semicolon', headers({ 'signature-input': si.replace(';nonce=', '; nonce=') })),
    v(1, MALFORMED, 'a parameter written twice', headers({ 'signature-input': si.replace(';expires=', `;created=${k.created};expires=`) })),

    v(2, PARAMS, 'nonce parameter removed', headers({ 'signature-input': si.replace(/;nonce="[^"]*"/, '') })),
    v(2, PARAMS, 'an unknown parameter', headers({ 'signature-input': `${si};extra=1` })),
    v(2, MALFORMED, 'created given as a String', headers({ 'signature-input': si.replace(/created=(\d+)/, 'created="$1"') })),
    v(2, MALFORMED, 'created given as a Date (RFC 9651)', headers({ 'signature-input': si.replace(/created=(\d+)/, 'created=@$1') })),
    v(2, MALFORMED, 'created negative', headers({ 'signature-input': si.replace(/created=(\d+)/, 'created=-1') })),
    v(2, MALFORMED, 'nonce shorter than 128 bits', headers({ 'signature-input': si.replace(/nonce="[^"]*"/, 'nonce="AAECAwQFBgcICQoLDA0OD"') })),
    v(2, MALFORMED, 'nonce with a character outside base64url', headers({ 'signature-input': si.replace(/nonce="[^"]*"/, 'nonce="AAECAwQFBgcICQoLDA0OD+"') })),
    v(2, MALFORMED, 'keyid empty', headers({ 'signature-input': si.replace(/keyid="[^"]*"/, 'keyid=""') })),
    v(2, PARAMS, 'content-digest no longer covered', headers({ 'signature-input': si.replace(' "content-digest"', '') })),
    v(2, PARAMS, 'a covered component with a parameter', headers({ 'signature-input': si.replace('"content-digest"', '"content-digest";sf') })),
    v(2, PARAMS, 'a covered component spelled as a Token', headers({ 'signature-input': si.replace('"content-digest"', 'content-digest') })),
    v(2, PARAMS, 'covered components in another order', headers({ 'signature-input': si.replace('"@method" "@path"', '"@path" "@method"') })),
    v(2, PARAMS, 'an extra covered component', headers({ 'signature-input': si.replace('"verbatim-decision")', '"verbatim-decision" "host")') })),
    v(2, PARAMS, 'no Content-Digest field', { headers: without('content-digest') }),
    v(2, PARAMS, 'no Verbatim-Decision field', { headers: without('verbatim-decision') }),
    v(2, MALFORMED, 'Content-Digest is not a Dictionary', headers({ 'content-digest': 'sha-256=abc def' })),
    v(2, MALFORMED, 'Content-Digest without a sha-256 member', headers({ 'content-digest': `sha-512=:${Buffer.alloc(64).toString('base64')}:` })),
    v(2, MALFORMED, 'sha-256 of 31 bytes', headers({ 'content-digest': `sha-256=:${Buffer.alloc(31).toString('base64')}:` })),
    v(2, MALFORMED, 'Content-Digest with sha-256 written twice, the last one right, signed', twice('content-digest', `sha-256=:${Buffer.alloc(32).toString('base64')}:, ${cd}`)),
    v(2, MALFORMED, 'Content-Digest with another member written twice, signed', twice('content-digest', `${cd}, sha-512=:AAAA:, sha-512=:AAAA:`)),
    v(2, MALFORMED, 'Verbatim-Decision is not a Dictionary', headers({ 'verbatim-decision': 'id="x' })),
    v(2, PARAMS, 'decision without aud', headers({ 'verbatim-decision': dec.replace(/, aud="[^"]*"/, '') })),
    v(2, MALFORMED, 'decision id empty', headers({ 'verbatim-decision': dec.replace(/id="[^"]*"/, 'id=""') })),
    v(2, MALFORMED, 'decision agent is an Inner List', headers({ 'verbatim-decision': dec.replace(/agent="[^"]*"/, 'agent=("coder")') })),
    v(2, MALFORMED, 'decision policy is a String', headers({ 'verbatim-decision': dec.replace(/policy=:[^:]*:/, 'policy="ab"') })),
    v(2, MALFORMED, 'Verbatim-Decision with aud written twice, the last one ours, signed', twice('verbatim-decision', dec.replace('aud="sandbox-1"', 'aud="sandbox-2", aud="sandbox-1"'))),
    v(2, MALFORMED, 'Verbatim-Decision with id written twice, signed', twice('verbatim-decision', `${dec}, id="01JGZ8X5T2Q9V3K7M4N6P8R0ZZ"`)),
    v(2, MALFORMED, 'decision policy of 31 bytes', headers({ 'verbatim-decision': dec.replace(/policy=:[^:]*:/, `policy=:${Buffer.alloc(31, 7).toString('base64')}:`) })),
    v(2, MALFORMED, 'a tab inside a signed header value, signed over', { headers: k.signRaw({ ...h, 'verbatim-decision': tabbed }, tabBase) }),
  ]
}
