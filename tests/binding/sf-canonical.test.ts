/**
 * binding/sf-canonical, the direct reader of the spelling the gate writes, against the full RFC 9651 §4.2 parser
 * (binding/sf): for any field it either declines or returns the same Dictionary, so the guard answers every field
 * as before; and it reads every spelling signBinding writes (else it would never be taken).
 */
import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import type { Dictionary } from 'structured-headers'
import { DisplayString, Token, serializeDictionary } from 'structured-headers'
import { describe, expect, it } from 'vitest'
import type { BindingDecision } from '../../src/binding/index.js'
import { readCanonicalDictionary } from '../../src/binding/sf-canonical.js'
import { sign } from './helpers.js'
import { agrees } from './sf-view.js'

const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 24 })
const key = fc.stringMatching(/^[a-z*][a-z0-9_.*-]{0,6}$/)
const bytes = fc.uint8Array({ maxLength: 40 }).map((b) => Buffer.from(b))
const integer = fc.integer({ min: -999_999_999_999_999, max: 999_999_999_999_999 })
const subsetBare = fc.oneof(integer, printable, bytes)
const subsetParams = fc.uniqueArray(fc.tuple(key, subsetBare), { selector: (e) => e[0], maxLength: 3 }).map((e) => new Map(e))
const subsetItem = fc.tuple(subsetBare, subsetParams)
const subsetMember = fc.oneof(subsetItem, fc.tuple(fc.array(subsetItem, { maxLength: 4 }), subsetParams))
const subsetDict = fc.uniqueArray(fc.tuple(key, subsetMember), { selector: (e) => e[0], minLength: 1, maxLength: 5 })
// RFC 9651 §3.3: every bare type, and parameters and members whose value is true.
const anyBare = fc.oneof(integer, printable, bytes, fc.boolean(), fc.integer({ min: -999_999_999, max: 999_999_999 }).map((n) => n / 1000),
  fc.stringMatching(/^[A-Za-z*][A-Za-z0-9!#$%&'*+.^_`|~:/-]{0,8}$/).map((t) => new Token(t)), fc.integer({ min: -(2 ** 40), max: 2 ** 40 }).map((s) => new Date(s * 1000)),
  fc.string({ maxLength: 8 }).map((s) => new DisplayString(s)))
const anyParams = fc.uniqueArray(fc.tuple(key, anyBare), { selector: (e) => e[0], maxLength: 3 }).map((e) => new Map(e))
const anyItem = fc.tuple(anyBare, anyParams)
const anyDict = fc.uniqueArray(fc.tuple(key, fc.oneof(anyItem, fc.tuple(fc.array(anyItem, { maxLength: 4 }), anyParams))), { selector: (e) => e[0], minLength: 1, maxLength: 5 })

const hex64 = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b).toString('hex'))
const approver = fc.record({ approver: printable.filter((s) => s !== ''), credentialId: fc.uint8Array({ minLength: 1, maxLength: 64 }).map((b) => Buffer.from(b).toString('base64url')), assertionDigest: hex64 })
const nonEmpty = printable.filter((s) => s !== '')
const decision: fc.Arbitrary<BindingDecision> = fc.record({
  id: nonEmpty, agent: nonEmpty, tool: nonEmpty, policyDigest: hex64, audience: nonEmpty,
  session: nonEmpty, protocol: nonEmpty, paramHeaders: hex64, approval: fc.record({ id: nonEmpty, approvers: fc.array(approver, { minLength: 1, maxLength: 3 }) }),
}, { requiredKeys: ['id', 'agent', 'tool', 'policyDigest', 'audience'] })
const binding = fc.tuple(decision, fc.integer({ min: 0, max: 2 ** 40 }), fc.stringMatching(/^[A-Za-z0-9_-]{22,30}$/), fc.uint8Array({ maxLength: 64 }))
  .map(([d, now, nonce, body]) => sign({ decision: d, now, nonce, body }).headers)
const FIELDS = ['signature-input', 'signature', 'content-digest', 'verbatim-decision'] as const

// One gate-signed binding with every optional decision member, approval and approvers included.
const FULL = sign({ decision: { id: 'd"1\\', agent: 'coder', tool: 'mcp:fs/tools/call/read', policyDigest: 'ab'.repeat(32), audience: 'sandbox-1', session: 's-1', protocol: '2025-06-18', paramHeaders: 'cd'.repeat(32),
  approval: { id: 'ap-1', approvers: [{ approver: 'alice', credentialId: 'AQID', assertionDigest: 'ef'.repeat(32) }, { approver: 'bob', credentialId: 'BAUGBw', assertionDigest: '01'.repeat(32) }] } } }).headers
// Every ASCII character and two beyond it (RFC 9651 §4.2 step 1 refuses non-ASCII fields).
const ALPHABET = [...Array.from({ length: 128 }, (_, c) => String.fromCharCode(c)), 'é', '\u2028']

describe('the direct reader of the gate\'s spelling (RFC 9651 §4.1) against the full parser (§4.2)', () => {
  it('reads every binding header signBinding writes, and reads it as the full parser does', () => {
    fc.assert(fc.property(binding, (headers) => {
      for (const f of FIELDS) expect(agrees(headers[f] ?? ''), f).toBe(true)
    }), { numRuns: 400 })
  })

  it('reads any Dictionary of Integers, Strings, Byte Sequences and inner lists as the serialiser writes it, as the full parser does', () => {
    fc.assert(fc.property(subsetDict, (entries) => {
      expect(agrees(serializeDictionary(new Map(entries) as Dictionary))).toBe(true)
    }), { numRuns: 1000 })
  })

  it('declines or agrees on any RFC 9651 Dictionary (Tokens, Booleans, Decimals, Dates, Display Strings, true values)', () => {
    let declined = 0
    fc.assert(fc.property(anyDict, (entries) => {
      if (!agrees(serializeDictionary(new Map(entries) as Dictionary))) declined++
    }), { numRuns: 1000 })
    expect(declined).toBeGreaterThan(100)
  })

  it.each(FIELDS)('declines or agrees on %s with any one character changed, inserted or deleted', (f) => {
    const field = FULL[f] ?? ''
    let read = 0
    let tried = 0
    const check = (m: string): void => {
      tried++
      if (agrees(m)) read++
    }
    for (let i = 0; i <= field.length; i++) {
      if (i < field.length) check(field.slice(0, i) + field.slice(i + 1))
      for (const c of ALPHABET) {
        if (i < field.length) check(field.slice(0, i) + c + field.slice(i + 1))
        check(field.slice(0, i) + c + field.slice(i))
      }
    }
    // The mutations inside a String or a Byte Sequence stay canonical: the property is exercised where both read.
    expect(tried).toBeGreaterThan(field.length * ALPHABET.length)
    expect(read).toBeGreaterThan(field.length)
  })

  it('declines or agrees on gate headers after random edits: characters, repeated members and fields, whitespace, case', () => {
    const edit = fc.oneof(
      fc.record({ op: fc.constant('set' as const), at: fc.nat(), c: fc.constantFrom(...ALPHABET) }),
      fc.record({ op: fc.constant('insert' as const), at: fc.nat(), c: fc.constantFrom(' ', '\t', ',', ';', '=', '"', '\\', ':', '(', ')', '-', '.', '0', 'A', '*') }),
      fc.record({ op: fc.constant('delete' as const), at: fc.nat() }),
      fc.record({ op: fc.constant('case' as const), at: fc.nat() }),
      fc.record({ op: fc.constant('repeat-member' as const), at: fc.nat() }),
      fc.record({ op: fc.constant('repeat-field' as const) }),
      fc.record({ op: fc.constant('space' as const), at: fc.nat(), c: fc.constantFrom(' ', '\t', '  ', ' \t') }),
    )
    const apply = (s: string, e: { op: string; at?: number; c?: string }): string => {
      const at = (e.at ?? 0) % (s.length + 1)
      switch (e.op) {
        case 'set': return s.slice(0, at) + (e.c ?? '') + s.slice(at + 1)
        case 'insert': case 'space': return s.slice(0, at) + (e.c ?? '') + s.slice(at)
        case 'delete': return s.slice(0, at) + s.slice(at + 1)
        case 'case': { const c = s.charAt(at); const f = c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase(); return s.slice(0, at) + f + s.slice(at + 1) }
        case 'repeat-member': { const m = s.split(', '); const i = at % m.length; return [...m.slice(0, i + 1), m[i], ...m.slice(i + 1)].join(', ') }
        default: return `${s}, ${s}` // RFC 9110 §5.3: two field lines combined
      }
    }
    fc.assert(fc.property(binding, fc.constantFrom(...FIELDS), fc.array(edit, { minLength: 1, maxLength: 4 }), (headers, f, edits) => {
      agrees(edits.reduce(apply, headers[f] ?? ''))
    }), { numRuns: 3000 })
  })

  it('declines or agrees on every binding header of every vector in docs/binding-vectors.json, and reads the gate\'s', () => {
    const doc = JSON.parse(readFileSync(new URL('../../docs/binding-vectors.json', import.meta.url), 'utf8')) as { requests: Array<{ request: { headers: Record<string, string> } }> }
    let read = 0
    let declined = 0
    for (const { request } of doc.requests) {
      for (const f of FIELDS) {
        const v = request.headers[f]
        if (v === undefined) continue
        // As binding/parse reads a field: without leading and trailing SP and HTAB (RFC 9110 §5.5).
        if (agrees(v.replace(/^[ \t]+|[ \t]+$/g, ''))) read++
        else declined++
      }
    }
    expect(read).toBeGreaterThan(doc.requests.length)
    expect(declined).toBeGreaterThan(20)
  })

  it('declines a key written twice, a repeated parameter, a true value, a Decimal, -0, a leading zero, padding left off and nonzero pad bits', () => {
    for (const field of ['a=1, a=2', 'a=1;p=1;p=2', 'a', 'a=1;p', 'a=1.5', 'a=-0', 'a=01', 'a=:AA:', 'a=:AB==:', 'a=:AAB=:', 'a=1 ', ' a=1', 'a=1,b=2', 'a=1,  b=2', 'a=( "x")', 'a=("x" )', 'a=tok', 'a=?1', 'a=@1', 'a=%"x"', '']) {
      expect(readCanonicalDictionary(field), field).toBeUndefined()
    }
  })
})
