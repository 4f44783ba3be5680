import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { checkDigest, parseBinding, verifySignature } from '../../src/binding/index.js'
import { VerbatimError } from '../../src/errors/index.js'
import { BODY, PUBLIC, request, sign } from './helpers.js'

const COVERED = ['content-digest', 'verbatim-decision', 'signature-input', 'signature'] as const

/** Runs parse + signature + digest; true when every check passes. */
function accepts(headers: Record<string, string>, body: Uint8Array, path = '/v1/tools/fs.read', method = 'POST'): boolean {
  try {
    const p = parseBinding(request(headers, { path, method }))
    verifySignature(p, PUBLIC)
    checkDigest(p, body)
    return true
  } catch (e) {
    if (e instanceof VerbatimError) return false
    throw e
  }
}

describe('binding tamper property', () => {
  const s = sign()

  it('accepts the untouched request', () => expect(accepts(s.headers, BODY)).toBe(true))

  it('rejects any change to any single byte of the body', () => {
    fc.assert(fc.property(fc.nat(BODY.length - 1), fc.integer({ min: 1, max: 255 }), (i, x) => {
      const body = Uint8Array.from(BODY)
      body[i] = body[i]! ^ x
      return !accepts(s.headers, body)
    }), { numRuns: 200 })
  })

  it('rejects any change to any single character of a covered header, the path or the method', () => {
    const targets = [...COVERED, '@path', '@method'] as const
    fc.assert(fc.property(fc.constantFrom(...targets), fc.nat(), fc.integer({ min: 0x20, max: 0x7e }), (t, pos, code) => {
      const original = t === '@path' ? '/v1/tools/fs.read' : t === '@method' ? 'POST' : s.headers[t]!
      const i = pos % original.length
      const ch = String.fromCharCode(code)
      fc.pre(original[i] !== ch)
      const changed = original.slice(0, i) + ch + original.slice(i + 1)
      // Outer whitespace is not part of a field value (RFC 9421 §2.1), so it is not a change.
      fc.pre(changed.trim() !== original)
      if (t === '@path') return !accepts(s.headers, BODY, changed)
      if (t === '@method') return !accepts(s.headers, BODY, undefined, changed)
      return !accepts({ ...s.headers, [t]: changed }, BODY)
    }), { numRuns: 400 })
  })
})

describe('signature headers written directly', () => {
  it('equal the structured-headers dictionary serialiser for any time, lifetime and nonce (RFC 9421 §4.1, §4.2)', async () => {
    const { serializeDictionary, parseDictionary } = await import('structured-headers')
    const nonce = fc.stringMatching(/^[A-Za-z0-9_-]{22,40}$/)
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 40 }), fc.integer({ min: 1, max: 86_400 }), nonce, (now, ttl, n) => {
      const s = sign({ now, ttlSeconds: ttl, nonce: n })
      const input = parseDictionary(s.headers['signature-input']!)
      const sig = parseDictionary(s.headers['signature']!)
      expect(serializeDictionary(input)).toBe(s.headers['signature-input'])
      expect(serializeDictionary(sig)).toBe(s.headers['signature'])
      expect([...input.keys()]).toEqual(['verbatim'])
      expect(new Uint8Array(sig.get('verbatim')![0] as ArrayBuffer).byteLength).toBe(64)
    }), { numRuns: 300 })
  })
})
