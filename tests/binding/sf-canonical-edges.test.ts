/**
 * binding/sf-canonical at its edges, as an attacker probes it: every short field over the characters that shape a
 * Dictionary, every padded Byte Sequence of one and two bytes, Integers at RFC 9651 §3.3.1's 15-digit limit, every
 * character in a String (§4.2.5), keys that name Object.prototype members, inner lists empty or with parameters,
 * field lines joined (RFC 9110 §5.3), long fields and the httpwg corpus. Each either is declined (the full parser
 * then answers) or is read as the full parser reads it; each decline here is one the full parser would answer
 * differently or refuse.
 */
import { readFileSync, readdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { VerbatimError } from '../../src/errors/index.js'
import { SfParseError, parseUniqueDictionary } from '../../src/binding/sf.js'
import { readCanonicalDictionary } from '../../src/binding/sf-canonical.js'
import { dictionaryField } from '../../src/binding/sf-field.js'
import { sign } from './helpers.js'
import { agrees, bare, view } from './sf-view.js'

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
const FIELDS = ['signature-input', 'signature', 'content-digest', 'verbatim-decision'] as const
const GATE = sign().headers

/** Calls `check` on every string of at most `max` characters over `alphabet`, each after `prefix`. */
function everyField(alphabet: string, prefix: string, max: number, check: (field: string) => void): void {
  const walk = (s: string, left: number): void => {
    check(prefix + s)
    if (left > 0) for (const c of alphabet) walk(s + c, left - 1)
  }
  walk('', max)
}

/** What the direct reader reads for a one-member field `a=<value>`: the bare item's typed view, or undefined. */
function fastItem(value: string): unknown {
  const d = readCanonicalDictionary(`a=${value}`)
  return d === undefined ? undefined : bare(d.get('a')?.[0] as never)
}

describe('the direct reader at the edges of RFC 9651 §4.2 (declines, or reads what the full parser reads)', () => {
  it('declines or agrees on every field of up to 6 characters over = , ; ( ) SP " \\ : - 0 1 a *, with and without a member before', () => {
    let read = 0
    const check = (f: string): void => { if (agrees(f)) read++ }
    everyField('a=,;() "\\:-01*', '', 6, check)
    everyField('a=,;() "\\:-01*', 'k=1, ', 5, check)
    expect(read).toBeGreaterThan(1000)
  })

  it('reads a 1- or 2-byte Byte Sequence only with its padding and zero pad bits (RFC 4648 §3.5), as the full parser decodes it', () => {
    const hex = (d: ReturnType<typeof readCanonicalDictionary>): string | undefined => (d === undefined ? undefined : Buffer.from(d.get('a')?.[0] as ArrayBuffer).toString('hex'))
    const wrong: string[] = []
    let read = 0
    const check = (value: string, canonical: boolean): void => {
      const fast = hex(readCanonicalDictionary(`a=${value}`))
      if (fast !== undefined) read++
      // The full parser (forgiving base64) decodes every pad-bit variant: the reader takes the canonical one only.
      if ((fast !== undefined) !== canonical || (fast !== undefined && fast !== hex(parseUniqueDictionary(`a=${value}`)))) wrong.push(value)
    }
    for (const x of B64) {
      for (const y of B64) {
        check(`:${x}${y}==:`, (B64.indexOf(y) & 0b1111) === 0) // one byte: 12 bits written, 8 used
        for (const z of B64) check(`:${x}${y}${z}=:`, (B64.indexOf(z) & 0b11) === 0) // two bytes: 18 written, 16 used
        // Padding left off, base64url characters: declined, and the full parser answers.
        check(`:${x}${y}:`, false)
        check(`:${x}${y}-_:`, false)
      }
    }
    expect(wrong).toEqual([])
    expect(read).toBe(64 * 4 + 64 * 64 * 16)
    expect(fastItem('::')).toEqual({ bytes: '' })
    for (const f of ['a=:=:', 'a=:==:', 'a=:===:', 'a=:====:', 'a=:A===:', 'a=:AA=A:', 'a=:AAAA=:', 'a=:AA==AA==:', 'a=:AA== :', 'a=: AAA:']) expect(readCanonicalDictionary(f), f).toBeUndefined()
  })

  it('reads Integers up to 15 digits, and declines 16 digits, -0, leading zeros, a bare sign and a Decimal', () => {
    for (const n of ['0', '7', '-7', '999999999999999', '-999999999999999', '100000000000000', '-100000000000000']) {
      expect(fastItem(n), n).toEqual({ number: Number(n) })
      expect(agrees(`a=${n};p=${n}, b=(${n} ${n};q=${n});r=${n}`)).toBe(true)
    }
    for (const n of ['1000000000000000', '-1000000000000000', '9007199254740993', '0000000000000001', '-0', '-00', '00', '01', '-01', '-', '--1', '+1', '1.', '1.0', '-0.0', '1e3', '0x1', '1_0']) {
      expect(fastItem(n), n).toBeUndefined()
    }
    // The full parser reads -0 as 0 (never -0), 16 digits as a refusal: the declines above keep both answers its own.
    expect(bare(parseUniqueDictionary('a=-0').get('a')?.[0] as never)).toEqual({ number: 0 })
    expect(Object.is(parseUniqueDictionary('a=-0').get('a')?.[0], -0)).toBe(false)
    expect(() => parseUniqueDictionary('a=1000000000000000')).toThrow(SfParseError)
  })

  it('reads every printable character in a String, escapes only " and \\, and declines every other character the full parser refuses', () => {
    for (let c = 0x20; c <= 0x7e; c++) {
      const ch = String.fromCharCode(c)
      const spelt = ch === '"' || ch === '\\' ? `\\${ch}` : ch
      expect(fastItem(`"<${spelt}>"`), ch).toEqual({ string: `<${ch}>` })
      expect(agrees(`a="${spelt}${spelt}";p="${spelt}"`)).toBe(true)
    }
    const refused = [...Array.from({ length: 0x20 }, (_, c) => String.fromCharCode(c)), '\x7f', '\x80', 'é', '\u2028', '\ud800', '\udfff', '😀']
    for (const ch of refused) {
      for (const f of [`a="${ch}"`, `a="\\${ch}"`, `a=1;p="x${ch}"`]) {
        expect(readCanonicalDictionary(f), JSON.stringify(f)).toBeUndefined()
        expect(() => parseUniqueDictionary(f), JSON.stringify(f)).toThrow(SfParseError)
      }
    }
    for (const f of ['a="', 'a="x', 'a="\\"', 'a="\\', 'a="\\n"', 'a="\\\'"', 'a="x""', 'a=""x"']) {
      expect(readCanonicalDictionary(f), f).toBeUndefined()
      expect(() => parseUniqueDictionary(f), f).toThrow(SfParseError)
    }
    expect(fastItem('""')).toEqual({ string: '' })
  })

  it('reads keys that name Object.prototype members as plain members of a Map, and declines keys RFC 9651 §3.1.2 refuses', () => {
    const keys = ['constructor', '*__proto__', 'proto__', 'prototype', 'hasownproperty', 'tostring', 'valueof', '*', '**', 'a-.*_9', 'k'.repeat(4096)]
    const field = keys.map((k, i) => `${k}=${i};${k}=${i}`).join(', ')
    expect(agrees(field)).toBe(true)
    const d = readCanonicalDictionary(field)
    expect([...(d?.keys() ?? [])]).toEqual(keys)
    expect(d?.get('constructor')).toEqual([0, new Map([['constructor', 0]])])
    expect(d?.get('*__proto__')).toEqual([1, new Map([['*__proto__', 1]])])
    expect(Object.getPrototypeOf(d)).toBe(Map.prototype)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    for (const k of ['__proto__', 'A', 'aB', 'Sig1', '_a', '-a', '.a', '1a', 'a b', 'a/b', 'a:b', 'é']) {
      for (const f of [`${k}=1`, `a=1;${k}=1`]) {
        expect(readCanonicalDictionary(f), f).toBeUndefined()
        expect(() => parseUniqueDictionary(f), f).toThrow(SfParseError)
      }
    }
  })

  it('reads empty inner lists and parameters on the list and on its items apart, and declines whitespace the serialiser never writes', () => {
    const f = 'e=(), p=();x=1, i=(1;a=2 "s";b=:AA==:);c=3, n=(-1 2 3)'
    expect(agrees(f)).toBe(true)
    expect(view(readCanonicalDictionary(f) ?? new Map())).toEqual([
      ['e', { inner: [], params: [] }],
      ['p', { inner: [], params: [['x', { number: 1 }]] }],
      ['i', { inner: [[{ number: 1 }, [['a', { number: 2 }]]], [{ string: 's' }, [['b', { bytes: '00' }]]]], params: [['c', { number: 3 }]] }],
      ['n', { inner: [[{ number: -1 }, []], [{ number: 2 }, []], [{ number: 3 }, []]], params: [] }],
    ])
    for (const w of ['a=( )', 'a=( 1)', 'a=(1 )', 'a=(1  2)', 'a=(1\t2)', 'a=(1)(2)', 'a=((1))', 'a=(1;p)', 'a=(1); p=1', 'a=1; p=1', 'a=1 ;p=1', 'a=1;p=1;p=2', 'a=();p=1;p=1', 'a=1,\tb=2', 'a=1 , b=2', 'a=1, b=2, ', 'a=1,, b=2']) {
      expect(readCanonicalDictionary(w), w).toBeUndefined()
    }
  })

  it.each(FIELDS)('declines %s written on two field lines, joined with ", " or ",", and dictionaryField refuses the repeated key', (name) => {
    const f = GATE[name] ?? ''
    const key = f.slice(0, f.indexOf('='))
    for (const joined of [`${f}, ${f}`, `${f},${f}`, `${f}, other=1, ${f}`]) {
      expect(readCanonicalDictionary(joined)).toBeUndefined()
      expect(() => dictionaryField(joined, name)).toThrow(expect.objectContaining({ code: 'ERR_GUARD_SIGNATURE_MALFORMED', message: expect.stringContaining(`the key ${key} twice`) }))
    }
    // Another signer's line beside the gate's is read directly, as the full parser reads it.
    expect(agrees(`${f}, other=1`)).toBe(true)
    expect(agrees(`other=("x");tag="y", ${f}`)).toBe(true)
    expect(() => dictionaryField(`${f}, other=1`, name)).not.toThrow(VerbatimError)
  })

  it('reads long fields as the full parser does: 5000 members, a 64 KiB String with escapes, a 48 KiB Byte Sequence, 5000 parameters', () => {
    const bytes = Buffer.from(Array.from({ length: 49_152 }, (_, i) => (i * 31) & 0xff))
    const fields = [
      Array.from({ length: 5000 }, (_, i) => `k${i}=${i % 2 ? -i : i}`).join(', '),
      `a="${'x\\"y\\\\'.repeat(10_923)}"`,
      `a=:${bytes.toString('base64')}:`,
      `a=1${Array.from({ length: 5000 }, (_, i) => `;p${i}=:AQ==:`).join('')}`,
      `a=(${Array.from({ length: 5000 }, (_, i) => `"${i}"`).join(' ')})`,
    ]
    for (const f of fields) expect(agrees(f)).toBe(true)
    expect(fastItem(`:${bytes.toString('base64')}:`)).toEqual({ bytes: bytes.toString('hex') })
    // One character wrong at the very end of each: declined (the full parser answers it).
    for (const f of fields) expect(readCanonicalDictionary(`${f.slice(0, -1)}\t`)).toBeUndefined()
  })

  it('declines or agrees on every field of the httpwg structured-field-tests corpus, read as a Dictionary, and on its canonical spellings', () => {
    const dir = new URL('./fixtures/structured-field-tests/', import.meta.url)
    type Case = { raw: string[]; canonical?: string[] }
    const cases = readdirSync(dir).filter((n) => n.endsWith('.json')).flatMap((n) => JSON.parse(readFileSync(new URL(n, dir), 'utf8')) as Case[])
    let read = 0
    for (const c of cases) {
      for (const f of [c.raw.join(', '), c.raw.join(','), ...(c.canonical === undefined ? [] : [c.canonical.join(', ')])]) {
        if (agrees(f)) read++
      }
    }
    expect(cases.length).toBeGreaterThan(1500)
    expect(read).toBeGreaterThan(50)
  })
})
