/**
 * src/binding/sf.ts against the httpwg structured-field-tests corpus (RFC 9651 §4.2), vendored under
 * tests/binding/fixtures/structured-field-tests (BSD licence, LICENSE.md there), and the repeated-key rule.
 */
import { readFileSync, readdirSync } from 'node:fs'
import { parseDictionary as libraryParseDictionary } from 'structured-headers'
import type { BareItem, Dictionary, InnerList, Item, List, Parameters } from 'structured-headers'
import { DisplayString, Token } from 'structured-headers'
import { describe, expect, it } from 'vitest'
import { SfParseError, parseDictionary, parseItem, parseList, parseUniqueDictionary } from '../../src/binding/sf.js'

const DIR = new URL('./fixtures/structured-field-tests/', import.meta.url)

interface Case {
  name: string
  raw: string[]
  header_type: 'item' | 'list' | 'dictionary'
  expected?: unknown
  must_fail?: boolean
  can_fail?: boolean
}

// RFC 4648 §6, the corpus's encoding of Byte Sequences.
function base32(bytes: Uint8Array): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
  let bits = ''
  for (const b of bytes) bits += b.toString(2).padStart(8, '0')
  let out = ''
  for (let i = 0; i < bits.length; i += 5) out += alphabet[parseInt(bits.slice(i, i + 5).padEnd(5, '0'), 2)]
  return out.padEnd(Math.ceil(out.length / 8) * 8, '=')
}

// The corpus's JSON form of a parsed value (its README, "expected").
function bare(v: BareItem): unknown {
  if (v instanceof Token) return { __type: 'token', value: v.toString() }
  if (v instanceof DisplayString) return { __type: 'displaystring', value: v.toString() }
  // A JS Date holds ±8.64e12 s; RFC 9651 Dates reach ±(10^15 - 1) s. Beyond, the parse succeeds and the value is
  // lost (an Invalid Date): the binding reads no Date's value, it only must not refuse a field that holds one.
  if (v instanceof Date) return { __type: 'date', value: Number.isNaN(v.getTime()) ? 'beyond a JS Date' : v.getTime() / 1000 }
  if (v instanceof ArrayBuffer) return { __type: 'binary', value: base32(new Uint8Array(v)) }
  return v
}
const params = (p: Parameters): unknown => [...p].map(([k, v]) => [k, bare(v)])
const member = (m: Item | InnerList): unknown =>
  Array.isArray(m[0]) ? [(m[0] as Item[]).map((i) => [bare(i[0]), params(i[1])]), params(m[1])] : [bare(m[0] as BareItem), params(m[1])]
const json = (t: Case['header_type'], v: Item | List | Dictionary): unknown =>
  t === 'item' ? member(v as Item) : t === 'list' ? (v as List).map(member) : [...(v as Dictionary)].map(([k, m]) => [k, member(m)])

const PARSE = { item: parseItem, list: parseList, dictionary: parseDictionary } as const
const files = readdirSync(DIR).filter((f) => f.endsWith('.json'))
const cases = files.flatMap((f) => (JSON.parse(readFileSync(new URL(f, DIR), 'utf8')) as Case[]).map((c) => [`${f}: ${c.name}`, c] as const))

describe('RFC 9651 parsing: the httpwg structured-field-tests corpus', () => {
  it('holds the corpus (every hand-written file and the generated ones but the largest)', () => {
    expect(files.length).toBe(19)
    expect(cases.length).toBeGreaterThan(1500)
  })

  it.each(cases)('%s', (_name, c) => {
    // RFC 9110 §5.3: several field lines are one value, joined with ", ".
    const field = c.raw.join(', ')
    let got: unknown
    try {
      got = json(c.header_type, PARSE[c.header_type](field))
    } catch (e) {
      expect(e).toBeInstanceOf(SfParseError)
      expect(c.must_fail === true || c.can_fail === true, `refused: ${(e as Error).message}`).toBe(true)
      return
    }
    expect(c.must_fail, 'parsed a field that must fail').not.toBe(true)
    if (JSON.stringify(got).includes('beyond a JS Date')) expect(JSON.stringify(c.expected)).toMatch(/"value":-?999999999999999\b/)
    else expect(got).toEqual(c.expected)
  })
})

describe('the binding\'s Dictionary fields', () => {
  it('read a Date anywhere in a member, where structured-headers 2.1.0 cannot (its reason to exist: drop it when this fails)', () => {
    const field = 'proxy=("@method");created=@1767225600;tag="other", verbatim=("@path")'
    expect(() => libraryParseDictionary(field)).toThrow()
    expect(member(parseDictionary(field).get('proxy') as InnerList)).toEqual([[['@method', []]], [['created', { __type: 'date', value: 1767225600 }], ['tag', 'other']]])
  })

  it('refuse a key written twice, which RFC 9651 §4.2.2 reads as its last value', () => {
    expect(member(parseDictionary('a=1, b=2, a=3').get('a') as Item)).toEqual([3, []])
    expect(() => parseUniqueDictionary('a=1, b=2, a=3')).toThrow(expect.objectContaining({ repeatedKey: 'a', offset: 10 }))
    expect(() => parseUniqueDictionary('a, a;x')).toThrow(SfParseError)
    expect([...parseUniqueDictionary('a=1, b=(1 1);x;x, c')].map(([k]) => k)).toEqual(['a', 'b', 'c'])
  })
})
