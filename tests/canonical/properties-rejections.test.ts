import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isUtf8 } from 'node:buffer'
import { canonicalBytes } from '../../src/canonical/index.js'
import { firstInvalidUtf8 } from '../../src/canonical/utf8.js'
import { rejection } from './helpers.js'

const enc = new TextEncoder()
const RUNS = { numRuns: 150 }
const letters = fc.string({ unit: fc.constantFrom('a', 'b', 'k', 's', 'z', '_', '1', '.'), minLength: 1, maxLength: 8 }).filter((k) => /[a-z]/.test(k))
const filler = fc.array(fc.tuple(fc.string({ unit: fc.constantFrom('x', 'y', '2', '-'), minLength: 1, maxLength: 4 }), fc.integer()), { maxLength: 4 })

/** Prints an object from pairs, in order, with a random key spelt by \u escapes. */
function obj(pairs: [string, unknown][], escapeAt = -1): string {
  const key = (k: string, i: number): string => (i === escapeAt ? `"${[...k].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}"` : JSON.stringify(k))
  return `{${pairs.map(([k, v], i) => `${key(k, i)}:${JSON.stringify(v)}`).join(',')}}`
}

/** The exact integer an ECMAScript number serialisation denotes ("1e+21", "1.5e+22", "123"). */
function decimalOf(s: string): bigint {
  const m = /^(\d+)(?:\.(\d+))?(?:e\+(\d+))?$/.exec(s)
  if (m === null) throw new Error(`not an integer spelling: ${s}`)
  const frac = m[2] ?? ''
  return BigInt((m[1] ?? '') + frac) * 10n ** BigInt(Number(m[3] ?? '0') - frac.length)
}

describe('rejection properties (fast-check)', () => {
  it('rejects any object holding one key twice, however it is spelt and wherever it sits', () => {
    fc.assert(
      fc.property(letters, filler, filler, fc.nat(), (k, before, after, esc) => {
        const pairs: [string, unknown][] = [[k, 1], ...before.filter(([x]) => x !== k), [k, 2], ...after.filter(([x]) => x !== k)]
        const uniq = pairs.filter(([x], i) => x === k || pairs.findIndex(([y]) => y === x) === i)
        const s = obj(uniq, esc % uniq.length)
        expect(rejection(`[${s}]`).code).toBe('ERR_CANONICAL_DUPLICATE_KEY')
      }),
      RUNS,
    )
  })

  it('rejects any two keys that differ only in letter case, and accepts them when the check is off', () => {
    fc.assert(
      fc.property(letters, fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }), (k, flips) => {
        let variant = [...k].map((c, i) => (flips[i] === true ? c.toUpperCase() : c)).join('')
        if (variant === k) variant = k.replace(/[a-z]/, (c) => c.toUpperCase())
        const s = obj([[k, 1], [variant, 2]])
        expect(rejection(s).code).toBe('ERR_CANONICAL_CASE_COLLISION')
        expect(() => canonicalBytes(enc.encode(s), { rejectCaseCollisions: false })).not.toThrow()
      }),
      RUNS,
    )
  })

  it('accepts nesting up to maxDepth and rejects it one level deeper', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1, max: 200 }), (depth, limit) => {
        const s = '[{"a":'.repeat(Math.ceil(depth / 2)).slice(0, depth % 2 === 0 ? undefined : -5) + '1'
        const open = (s.match(/[[{]/g) ?? []).length
        const close = s.split('').filter((c) => c === '[' || c === '{').reverse().map((c) => (c === '[' ? ']' : '}')).join('')
        const body = enc.encode(s + close)
        if (open <= limit) expect(() => canonicalBytes(body, { maxDepth: limit })).not.toThrow()
        else expect(rejection(body, { maxDepth: limit }).code).toBe('ERR_CANONICAL_DEPTH')
      }),
      RUNS,
    )
  })

  it('accepts an integer literal beyond 2^53 exactly when its RFC 8785 form denotes the same integer', () => {
    const big = fc.oneof(fc.bigInt({ min: 2n ** 53n + 1n, max: 2n ** 72n }), fc.integer({ min: 0, max: 19 }).map((e) => 2n ** BigInt(53 + e)), fc.constantFrom(2n ** 53n + 2n, 10n ** 21n, 123n * 10n ** 18n))
    fc.assert(
      fc.property(big, (n) => {
        const serialised = String(Number(n))
        const s = n.toString()
        if (decimalOf(serialised) === n) expect(new TextDecoder().decode(canonicalBytes(enc.encode(s)).bytes)).toBe(serialised)
        else expect(rejection(s).code).toBe('ERR_CANONICAL_NUMBER_PRECISION')
      }),
      RUNS,
    )
  })

  it('locates invalid UTF-8 exactly where the native validator stops agreeing', () => {
    const bytes = fc.array(fc.oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0x80, max: 0xff }), fc.constantFrom(0xc0, 0xc2, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0x80, 0xbf, 0xa0, 0x90)), { maxLength: 12 })
    fc.assert(
      fc.property(bytes, (arr) => {
        const b = new Uint8Array(arr)
        const at = firstInvalidUtf8(b)
        expect(at === b.length).toBe(isUtf8(b))
        // The prefix before the reported offset is itself well-formed.
        expect(isUtf8(b.subarray(0, at))).toBe(true)
      }),
      { numRuns: 500 },
    )
  })
})
