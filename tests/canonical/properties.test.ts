import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { canonicalBytes } from '../../src/canonical/index.js'
import type { JsonValue } from '../../src/canonical/index.js'
import { VerbatimError } from '../../src/errors/index.js'

const enc = new TextEncoder()
const dec = new TextDecoder()
const RUNS = { numRuns: 200 }

/** Characters that are allowed in the profile, with the awkward ones over-represented. */
const char = fc.oneof(
  fc.constantFrom('a', 'z', '"', '\\', '/', '\n', '\t', '\u0001', '\u001f', '\u007f', 'é', '€', '😀', '\u2028', '\ufb33', '\ufffd'),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }).filter((c) => !/[\u0000\ufdd0-\ufdef\ufffe\uffff]/u.test(c) && ((c.codePointAt(0) ?? 0) & 0xfffe) !== 0xfffe),
)
const str = fc.string({ unit: char, maxLength: 12 })
/** Keys without case: collisions are covered by their own tests. */
const key = fc.string({ unit: fc.constantFrom('a', 'b', 'c', '_', '1', '-', 'é', '😀', ' ', '\\', '"'), maxLength: 6 }).filter((k) => k !== '__proto__')
const num = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.constantFrom(0, -0, 1e21, 5e-324, 0.1, 9007199254740991))

const { value } = fc.letrec<{ value: JsonValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    num,
    str,
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(key, tie('value'), { maxKeys: 5 }),
  ),
}))

/** The value with -0 as 0, as the canonical form denotes it. */
function normal(v: JsonValue): JsonValue {
  if (typeof v === 'number') return v === 0 ? 0 : v
  if (Array.isArray(v)) return v.map(normal)
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, normal(x)]))
  return v
}

/** A small seeded PRNG so that one fast-check integer drives a whole respelling. */
function rng(seed: number): (n: number) => number {
  let s = seed >>> 0 || 1
  return (n) => {
    s ^= s << 13
    s ^= s >>> 17
    s ^= s << 5
    return (s >>> 0) % n
  }
}

/** Another spelling of the same number: digits moved across the point, zeros added, exponent respelt. */
function respellNumber(n: number, r: (n: number) => number): string {
  if (n === 0) return ['0', '-0', '0.0', '0e5', '-0.000E-3'][r(5)] as string
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(n)) as RegExpExecArray
  const sign = m[1] ?? ''
  let digits = (m[2] ?? '') + (m[3] ?? '')
  let exp = Number(m[4] ?? '0') - (m[3] ?? '').length
  const lead = /^0+/.exec(digits)?.[0].length ?? 0
  digits = digits.slice(lead)
  const zeros = r(3)
  digits += '0'.repeat(zeros)
  exp -= zeros
  const p = r(digits.length + 1)
  const int = p === 0 ? '0' : digits.slice(0, p)
  const frac = digits.slice(p)
  const e = exp + frac.length
  const mant = frac === '' ? int : `${int}.${frac}`
  const expPart = e === 0 && r(2) === 0 ? '' : `${r(2) === 0 ? 'e' : 'E'}${e >= 0 ? (r(2) === 0 ? '+' : '') : '-'}${Math.abs(e)}`
  return sign + mant + expPart
}

function respellString(s: string, r: (n: number) => number): string {
  let out = '"'
  for (const ch of s) {
    const pick = r(4)
    if (ch === '"' || ch === '\\' || ch.charCodeAt(0) < 0x20 || pick === 0) {
      for (let i = 0; i < ch.length; i++) {
        const h = ch.charCodeAt(i).toString(16).padStart(4, '0')
        out += `\\u${r(2) === 0 ? h : h.toUpperCase()}`
      }
    } else if (ch === '/' && pick === 1) out += '\\/'
    else out += ch
  }
  return `${out}"`
}

function ws(r: (n: number) => number): string {
  return ['', '', ' ', '\n', '\t', '\r\n  '][r(6)] as string
}

/** Prints `v` with shuffled keys, random whitespace, escapes and number spellings. */
function respell(v: JsonValue, r: (n: number) => number): string {
  if (v === null || typeof v === 'boolean') return String(v)
  if (typeof v === 'number') return respellNumber(v, r)
  if (typeof v === 'string') return respellString(v, r)
  if (Array.isArray(v)) return `[${ws(r)}${v.map((x) => respell(x, r) + ws(r)).join(`,${ws(r)}`)}]`
  const keys = Object.keys(v)
  for (let i = keys.length - 1; i > 0; i--) {
    const j = r(i + 1)
    ;[keys[i], keys[j]] = [keys[j] as string, keys[i] as string]
  }
  return `{${ws(r)}${keys.map((k) => `${respellString(k, r)}${ws(r)}:${ws(r)}${respell(v[k] as JsonValue, r)}`).join(`,${ws(r)}`)}${ws(r)}}`
}

function strictOrVerbatimError(bytes: Uint8Array): void {
  try {
    canonicalBytes(bytes)
  } catch (e) {
    if (!(e instanceof VerbatimError) || !e.code.startsWith('ERR_CANONICAL_')) throw e
  }
}

describe('canonical properties (fast-check)', () => {
  it('canonical bytes re-parse to a value equal to the input value', () => {
    fc.assert(
      fc.property(value, (v) => {
        const r = canonicalBytes(enc.encode(JSON.stringify(v)))
        expect(JSON.parse(dec.decode(r.bytes))).toEqual(r.value)
        expect(r.value).toEqual(normal(v))
      }),
      RUNS,
    )
  })

  it('canonicalising canonical bytes is the identity', () => {
    fc.assert(
      fc.property(value, (v) => {
        const once = canonicalBytes(enc.encode(JSON.stringify(v)))
        const twice = canonicalBytes(once.bytes)
        expect(Buffer.from(twice.bytes).equals(Buffer.from(once.bytes))).toBe(true)
        expect(Buffer.from(twice.digest).equals(Buffer.from(once.digest))).toBe(true)
      }),
      RUNS,
    )
  })

  it('gives identical bytes for any two spellings of the same meaning', () => {
    fc.assert(
      fc.property(value, fc.integer(), fc.integer(), (v, s1, s2) => {
        const a = canonicalBytes(enc.encode(respell(v, rng(s1))))
        const b = canonicalBytes(enc.encode(respell(v, rng(s2))))
        expect(dec.decode(a.bytes)).toBe(dec.decode(b.bytes))
        expect(dec.decode(a.bytes)).toBe(dec.decode(canonicalBytes(enc.encode(JSON.stringify(v))).bytes))
      }),
      RUNS,
    )
  })

  it('never throws anything but a VerbatimError on arbitrary bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (b) => strictOrVerbatimError(b)), { numRuns: 500 })
  })

  it('never throws anything but a VerbatimError on arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 64 }), (s) => strictOrVerbatimError(enc.encode(s))), { numRuns: 500 })
  })

  it('never throws anything but a VerbatimError on mutated JSON', () => {
    const mutation = fc.tuple(fc.nat(), fc.nat(3), fc.constantFrom('"', '\\', '{', '}', '[', ']', ',', ':', '-', '.', 'e', '0', '1', '\u0000', '\ud800', 'u', ' ', 'x'))
    fc.assert(
      fc.property(fc.json({ maxDepth: 4 }), fc.array(mutation, { maxLength: 4 }), (json, edits) => {
        let s = json
        for (const [at, kind, ch] of edits) {
          const i = at % (s.length + 1)
          s = kind === 0 ? s.slice(0, i) + s.slice(i + 1) : kind === 1 ? s.slice(0, i) + ch + s.slice(i + 1) : s.slice(0, i) + ch + s.slice(i)
        }
        strictOrVerbatimError(enc.encode(s))
      }),
      { numRuns: 500 },
    )
  })
})
