import { generateKeyPairSync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  checkAlg, checkAudience, checkDigest, checkRestart, checkTarget, checkWindow, contentDigest, newNonce, parseBinding, replayHoldSeconds, verifySignature,
} from '../../src/binding/index.js'
import { STATUS_BY_CODE, VerbatimError } from '../../src/errors/index.js'
import { BODY, DECISION, KEY, NOW, PUBLIC, codeOf, request, sign } from './helpers.js'

describe('binding round trip', () => {
  it('verifies what it signed and recovers the decision', () => {
    const s = sign()
    const p = parseBinding(request(s.headers))
    expect(p.signatureBase).toBe(s.signatureBase)
    expect(p.decision).toEqual(DECISION)
    expect(p.params).toMatchObject({ created: NOW, expires: NOW + 60, alg: 'ed25519', tag: 'verbatim-v1', keyid: KEY.kid })
    expect(p.label).toBe('verbatim')
    verifySignature(p, PUBLIC)
    checkDigest(p, BODY)
    checkAlg(p)
    checkWindow(p.params, NOW + 10)
    checkAudience(p, 'sandbox-1')
    checkTarget(p)
  })

  it('emits exactly the four lowercase headers', () => {
    expect(Object.keys(sign().headers).sort()).toEqual(['content-digest', 'signature', 'signature-input', 'verbatim-decision'])
  })

  it('computes Content-Digest over raw bytes (RFC 9530 §2)', () => {
    expect(contentDigest(new TextEncoder().encode('{}'))).toBe('sha-256=:RBNvo1WzZ4oRRq0W9+hknpT7T8If536DEMBg9hyq/4o=:')
  })

  it('writes @query as "?" when there is none, and the query when there is one', () => {
    expect(sign().signatureBase).toContain('\n"@query": ?\n')
    expect(sign({ query: 'a=1' }).signatureBase).toContain('\n"@query": ?a=1\n')
    const s = sign({ query: '?a=1' })
    expect(() => verifySignature(parseBinding(request(s.headers, { query: '?a=1' })), PUBLIC)).not.toThrow()
  })

  it('accepts header values with extra outer whitespace (RFC 9421 §2.1)', () => {
    const s = sign()
    const p = parseBinding(request({ ...s.headers, 'verbatim-decision': `  ${s.headers['verbatim-decision']}  ` }))
    expect(() => verifySignature(p, PUBLIC)).not.toThrow()
  })

  it('makes a 128-bit base64url nonce', () => {
    const n = newNonce()
    expect(Buffer.from(n, 'base64url')).toHaveLength(16)
    expect(n).toMatch(/^[A-Za-z0-9_-]{22}$/)
    expect(newNonce()).not.toBe(n)
  })

  it('never hands out the same nonce twice, across many pooled draws (10 000 nonces, 40 draws)', () => {
    const seen = new Set<string>()
    for (let i = 0; i < 10_000; i++) {
      const n = newNonce()
      expect(n).toMatch(/^[A-Za-z0-9_-]{22}$/)
      seen.add(n)
    }
    expect(seen.size).toBe(10_000)
  })
})

describe('signBinding refuses bad input', () => {
  it('refuses a short nonce', () => expect(codeOf(() => sign({ nonce: 'abc' }))).toBe('ERR_INTERNAL'))
  it('refuses a non-integer time', () => expect(codeOf(() => sign({ now: 1.5 }))).toBe('ERR_INTERNAL'))
  it('refuses a zero ttl', () => expect(codeOf(() => sign({ ttlSeconds: 0 }))).toBe('ERR_INTERNAL'))
  it('refuses a non-hex policy digest', () => expect(codeOf(() => sign({ decision: { ...DECISION, policyDigest: 'XYZ' } }))).toBe('ERR_INTERNAL'))
  it('refuses a non-ASCII agent', () => expect(codeOf(() => sign({ decision: { ...DECISION, agent: 'cödér' } }))).toBe('ERR_INTERNAL'))
})

describe('verification steps', () => {
  const parsed = () => parseBinding(request(sign().headers))

  it('rejects an alg outside the allow-list', () => {
    const p = parsed()
    p.params.alg = 'hmac-sha256'
    expect(codeOf(() => checkAlg(p))).toBe('ERR_GUARD_ALG_UNSUPPORTED')
    expect(STATUS_BY_CODE.ERR_GUARD_ALG_UNSUPPORTED).toBe(401)
  })

  it('accepts the window edges: created - skew and expires + skew', () => {
    const { params } = parsed()
    expect(codeOf(() => checkWindow(params, NOW - 30))).toBe('OK')
    expect(codeOf(() => checkWindow(params, NOW + 60 + 30))).toBe('OK')
  })
  it('rejects a created time beyond now + skew', () => expect(codeOf(() => checkWindow(parsed().params, NOW - 31))).toBe('ERR_GUARD_NOT_YET_VALID'))
  it('rejects after expires + skew', () => expect(codeOf(() => checkWindow(parsed().params, NOW + 91))).toBe('ERR_GUARD_EXPIRED'))
  it('rejects a window longer than the maximum ttl', () => {
    const p = parseBinding(request(sign({ ttlSeconds: 301 }).headers))
    expect(codeOf(() => checkWindow(p.params, NOW))).toBe('ERR_GUARD_NOT_YET_VALID')
    expect(codeOf(() => checkWindow(p.params, NOW, { maxTtlSeconds: 400 }))).toBe('OK')
  })
  it('rejects an empty window', () => expect(codeOf(() => checkWindow({ ...parsed().params, expires: NOW }, NOW))).toBe('ERR_GUARD_NOT_YET_VALID'))
  it('after a restart, refuses every binding created at or before start + skew (the old process may have accepted it)', () => {
    const { params } = parsed()
    expect(codeOf(() => checkRestart(params, NOW - 30, 30))).toBe('ERR_GUARD_BEFORE_START')
    expect(codeOf(() => checkRestart(params, NOW - 31, 30))).toBe('OK')
  })
  it('holds a nonce one second past expires + skew, since the window is checked in whole seconds', () =>
    expect(replayHoldSeconds(parsed().params, NOW + 10)).toBe(60 + 30 - 10 + 1))

  it('rejects a signature made by another key', () => {
    const other = generateKeyPairSync('ed25519').publicKey
    expect(codeOf(() => verifySignature(parsed(), other))).toBe('ERR_GUARD_SIGNATURE_INVALID')
  })
  it('rejects a key that is not Ed25519', () => {
    const rsa = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey
    expect(codeOf(() => verifySignature(parsed(), rsa))).toBe('ERR_GUARD_SIGNATURE_INVALID')
  })
  it('rejects a truncated signature', () => {
    const s = sign()
    const sig = Buffer.from(s.headers.signature!.slice('verbatim=:'.length, -1), 'base64').subarray(0, 63)
    const p = parseBinding(request({ ...s.headers, signature: `verbatim=:${sig.toString('base64')}:` }))
    expect(codeOf(() => verifySignature(p, PUBLIC))).toBe('ERR_GUARD_SIGNATURE_INVALID')
  })
  it('rejects a body whose digest differs', () => {
    expect(codeOf(() => checkDigest(parsed(), new TextEncoder().encode('{"path":"/workspace/b.txt"}')))).toBe('ERR_GUARD_DIGEST_MISMATCH')
  })
  it('rejects an empty body against a non-empty digest', () => expect(codeOf(() => checkDigest(parsed(), new Uint8Array()))).toBe('ERR_GUARD_DIGEST_MISMATCH'))
  it('rejects another audience with 403', () => {
    expect(codeOf(() => checkAudience(parsed(), 'sandbox-2'))).toBe('ERR_GUARD_AUDIENCE')
    expect(new VerbatimError('ERR_GUARD_AUDIENCE').status).toBe(403)
  })
  it('rejects a path naming another tool', () => {
    const s = sign({ path: '/v1/tools/fs.write' })
    expect(codeOf(() => checkTarget(parseBinding(request(s.headers, { path: '/v1/tools/fs.write' }))))).toBe('ERR_GUARD_TARGET_MISMATCH')
  })
  it('rejects a method other than POST', () => {
    const s = sign({ method: 'PUT' })
    expect(codeOf(() => checkTarget(parseBinding(request(s.headers, { method: 'PUT' }))))).toBe('ERR_GUARD_TARGET_MISMATCH')
  })
  it('accepts a path under an upstream prefix', () => {
    const s = sign({ path: '/exec/v1/tools/fs.read' })
    expect(codeOf(() => checkTarget(parseBinding(request(s.headers, { path: '/exec/v1/tools/fs.read' }))))).toBe('OK')
  })
})
