import { describe, expect, it } from 'vitest'
import { parseBinding, verifySignature } from '../../src/binding/index.js'
import { STATUS_BY_CODE } from '../../src/errors/index.js'
import { PUBLIC, codeOf, request, sign } from './helpers.js'

const s = sign()
const si = s.headers['signature-input']!
const sig = s.headers.signature!
const parseCode = (headers: Record<string, string>, over: { method?: string; path?: string; query?: string } = {}): string =>
  codeOf(() => parseBinding(request(headers, over)))
const without = (...names: string[]): Record<string, string> => Object.fromEntries(Object.entries(s.headers).filter(([k]) => !names.includes(k)))

describe('parseBinding step 1: exactly one verbatim signature', () => {
  it('rejects a request with no signature', () => {
    expect(parseCode(without('signature', 'signature-input'))).toBe('ERR_GUARD_SIGNATURE_MISSING')
    expect(STATUS_BY_CODE.ERR_GUARD_SIGNATURE_MISSING).toBe(401)
  })
  it('rejects Signature-Input without Signature', () => expect(parseCode(without('signature'))).toBe('ERR_GUARD_SIGNATURE_MISSING'))
  it('rejects Signature without Signature-Input', () => expect(parseCode(without('signature-input'))).toBe('ERR_GUARD_SIGNATURE_MISSING'))
  it('rejects two verbatim-tagged signatures', () => {
    const h = { ...s.headers, 'signature-input': `${si}, second=${si.slice('verbatim='.length)}`, signature: `${sig}, second=${sig.slice('verbatim='.length)}` }
    expect(parseCode(h)).toBe('ERR_GUARD_SIGNATURE_MULTIPLE')
  })
  it('ignores a signature with another tag', () => {
    const other = 'proxy=("@method");created=1;keyid="x";tag="other"'
    const p = parseBinding(request({ ...s.headers, 'signature-input': `${other}, ${si}`, signature: `proxy=:AAAA:, ${sig}` }))
    expect(() => verifySignature(p, PUBLIC)).not.toThrow()
  })
  it('treats a verbatim signature whose tag was changed as missing', () => {
    expect(parseCode({ ...s.headers, 'signature-input': si.replace('tag="verbatim-v1"', 'tag="verbatim-v2"') })).toBe('ERR_GUARD_SIGNATURE_MISSING')
  })
  it('rejects a label renamed in Signature-Input but not in Signature', () => {
    expect(parseCode({ ...s.headers, 'signature-input': si.replace(/^verbatim=/, 'renamed=') })).toBe('ERR_GUARD_SIGNATURE_MULTIPLE')
  })
  it('rejects a label renamed in Signature but not in Signature-Input', () => {
    expect(parseCode({ ...s.headers, signature: sig.replace(/^verbatim=/, 'renamed=') })).toBe('ERR_GUARD_SIGNATURE_MULTIPLE')
  })
  it('rejects a label renamed consistently in both headers (the profile fixes the label)', () => {
    expect(parseCode({ ...s.headers, 'signature-input': si.replace(/^verbatim=/, 'x='), signature: sig.replace(/^verbatim=/, 'x=') })).toBe('ERR_GUARD_SIGNATURE_MALFORMED')
  })
  it('rejects a signature spelled with non-zero base64 pad bits', () => {
    // 64 bytes end in one byte + "==": the last data character carries 4 unused bits.
    const b64 = sig.slice('verbatim=:'.length, -1)
    const last = b64.at(-3)!
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
    const sloppy = `${b64.slice(0, -3)}${alphabet[alphabet.indexOf(last) ^ 1]}==`
    expect(Buffer.from(sloppy, 'base64')).toEqual(Buffer.from(b64, 'base64'))
    expect(parseCode({ ...s.headers, signature: `verbatim=:${sloppy}:` })).toBe('ERR_GUARD_SIGNATURE_MALFORMED')
  })
  it('rejects a repeated Signature member, even one whose last spelling is canonical (RFC 8941 last-wins)', () => {
    const b64 = sig.slice('verbatim=:'.length, -1)
    const last = b64.at(-3) ?? 'A'
    const sloppy = `${b64.slice(0, -3)}${last === 'A' ? 'B' : 'A'}${b64.slice(-2)}`
    expect(parseCode({ ...s.headers, signature: `verbatim=:${sloppy}:, ${sig}` })).toBe('ERR_GUARD_SIGNATURE_MALFORMED')
    expect(parseCode({ ...s.headers, signature: `${sig}, ${sig}` })).toBe('ERR_GUARD_SIGNATURE_MALFORMED')
  })
  it('rejects a bare or parameter-only duplicate of the verbatim member', () => {
    expect(parseCode({ ...s.headers, signature: `verbatim, ${sig}` })).toBe('ERR_GUARD_SIGNATURE_MALFORMED')
    expect(parseCode({ ...s.headers, signature: `verbatim;x=1, ${sig}` })).toBe('ERR_GUARD_SIGNATURE_MALFORMED')
  })
  it('keeps another signer\'s member whose string parameter holds a comma', () => {
    const p = parseBinding(request({ ...s.headers, signature: `other=:AAAA:;note="a, verbatim=:x:", ${sig}` }))
    expect(() => verifySignature(p, PUBLIC)).not.toThrow()
  })
  it('rejects a Signature-Input that is not a dictionary', () => expect(parseCode({ ...s.headers, 'signature-input': 'verbatim=(' })).toBe('ERR_GUARD_SIGNATURE_MALFORMED'))
  it('rejects a Signature that is not a dictionary', () => expect(parseCode({ ...s.headers, signature: 'verbatim=:not base64' })).toBe('ERR_GUARD_SIGNATURE_MALFORMED'))
  it('rejects a Signature member that is a string, not bytes', () => expect(parseCode({ ...s.headers, signature: 'verbatim="abc"' })).toBe('ERR_GUARD_SIGNATURE_MALFORMED'))
})

describe('parseBinding step 2: parameters and components', () => {
  for (const name of ['created', 'expires', 'nonce', 'keyid', 'alg']) {
    it(`rejects a missing ${name} parameter`, () => {
      expect(parseCode({ ...s.headers, 'signature-input': si.replace(new RegExp(`;${name}=[^;]*`), '') })).toBe('ERR_GUARD_PARAMS_MISSING')
    })
  }
  it('rejects an unknown parameter', () => expect(parseCode({ ...s.headers, 'signature-input': `${si};extra=1` })).toBe('ERR_GUARD_PARAMS_MISSING'))
  it('rejects created given as a string', () => {
    expect(parseCode({ ...s.headers, 'signature-input': si.replace(/created=\d+/, 'created="1767225600"') })).toBe('ERR_GUARD_SIGNATURE_MALFORMED')
  })
  it('rejects a nonce shorter than 128 bits', () => {
    expect(parseCode({ ...s.headers, 'signature-input': si.replace(/nonce="[^"]*"/, 'nonce="short"') })).toBe('ERR_GUARD_SIGNATURE_MALFORMED')
  })
  for (const c of ['"@method"', '"@path"', '"@query"', '"content-digest"', '"verbatim-decision"']) {
    it(`rejects a component list without ${c}`, () => {
      expect(parseCode({ ...s.headers, 'signature-input': si.replace(new RegExp(`${c} ?|\\s?${c}`), '') })).toBe('ERR_GUARD_PARAMS_MISSING')
    })
  }
  it('rejects components in another order', () => {
    expect(parseCode({ ...s.headers, 'signature-input': si.replace('"@method" "@path"', '"@path" "@method"') })).toBe('ERR_GUARD_PARAMS_MISSING')
  })
  it('rejects an extra component', () => {
    expect(parseCode({ ...s.headers, 'signature-input': si.replace('"verbatim-decision")', '"verbatim-decision" "host")') })).toBe('ERR_GUARD_PARAMS_MISSING')
  })
  it('rejects a component with parameters', () => {
    expect(parseCode({ ...s.headers, 'signature-input': si.replace('"content-digest"', '"content-digest";sf') })).toBe('ERR_GUARD_PARAMS_MISSING')
  })
  it('rejects a missing Content-Digest header', () => expect(parseCode(without('content-digest'))).toBe('ERR_GUARD_PARAMS_MISSING'))
  it('rejects a missing Verbatim-Decision header', () => expect(parseCode(without('verbatim-decision'))).toBe('ERR_GUARD_PARAMS_MISSING'))
  it('rejects a malformed Content-Digest', () => expect(parseCode({ ...s.headers, 'content-digest': 'sha-256=abc def' })).toBe('ERR_GUARD_SIGNATURE_MALFORMED'))
  it('rejects a Content-Digest without sha-256', () => expect(parseCode({ ...s.headers, 'content-digest': 'sha-512=:AAAA:' })).toBe('ERR_GUARD_SIGNATURE_MALFORMED'))
  it('rejects a sha-256 digest of the wrong length', () => expect(parseCode({ ...s.headers, 'content-digest': 'sha-256=:AAAA:' })).toBe('ERR_GUARD_SIGNATURE_MALFORMED'))
  it('rejects a decision without aud', () => {
    expect(parseCode({ ...s.headers, 'verbatim-decision': s.headers['verbatim-decision']!.replace(/, aud="[^"]*"/, '') })).toBe('ERR_GUARD_PARAMS_MISSING')
  })
  it('rejects a decision whose policy is a string', () => {
    expect(parseCode({ ...s.headers, 'verbatim-decision': s.headers['verbatim-decision']!.replace(/policy=:[^:]*:/, 'policy="ab"') })).toBe('ERR_GUARD_SIGNATURE_MALFORMED')
  })
  it('rejects a malformed decision header', () => expect(parseCode({ ...s.headers, 'verbatim-decision': 'id="x' })).toBe('ERR_GUARD_SIGNATURE_MALFORMED'))
  it('rejects a path with a byte the signature base cannot carry', () => expect(parseCode(s.headers, { path: '/v1/tools/fs.read\n' })).toBe('ERR_GUARD_SIGNATURE_MALFORMED'))
})
