import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { canonicalBytes, DEFAULT_CANONICAL_OPTIONS } from '../../src/canonical/index.js'
import { canon, rejection, utf8 } from './helpers.js'

describe('strict parse: accepted input', () => {
  it('returns RFC 8785 bytes, the value, its type and the SHA-256 of the bytes', () => {
    const r = canonicalBytes(utf8(' {"b": [1.0, "x"], "a": {"d": true, "c": null}}\n'))
    expect(new TextDecoder().decode(r.bytes)).toBe('{"a":{"c":null,"d":true},"b":[1,"x"]}')
    expect(r.value).toEqual({ a: { c: null, d: true }, b: [1, 'x'] })
    expect(r.type).toBe('object')
    expect(Buffer.from(r.digest).toString('hex')).toBe(createHash('sha256').update('{"a":{"c":null,"d":true},"b":[1,"x"]}').digest('hex'))
    expect(r.digest).toHaveLength(32)
    expect(r.bytes).toBeInstanceOf(Uint8Array)
  })

  it('reports the type of any top-level value', () => {
    expect(canonicalBytes(utf8('[]')).type).toBe('array')
    expect(canonicalBytes(utf8('"s"')).type).toBe('string')
    expect(canonicalBytes(utf8('12')).type).toBe('number')
    expect(canonicalBytes(utf8('false')).type).toBe('boolean')
    expect(canonicalBytes(utf8('null')).type).toBe('null')
  })

  it('decodes every escape and writes the RFC 8785 spelling', () => {
    expect(canon('"\\"\\\\\\/\\b\\f\\n\\r\\t\\u0001\\u001f\\u20ac\\ud83d\\ude02\\u00e9"')).toBe('"\\"\\\\/\\b\\f\\n\\r\\t\\u0001\\u001f€😂é"')
  })

  it('sorts keys by UTF-16 code units', () => {
    expect(canon('{"\\ufb33":1,"\\ud83d\\ude02":2,"b":3,"B":4}', { rejectCaseCollisions: false })).toBe('{"B":4,"b":3,"😂":2,"\ufb33":1}')
  })

  it('accepts nesting exactly at the depth limit', () => {
    const d = DEFAULT_CANONICAL_OPTIONS.maxDepth
    expect(canon('['.repeat(d) + ']'.repeat(d))).toBe('['.repeat(d) + ']'.repeat(d))
    expect(canon('{"a":'.repeat(3) + '1' + '}'.repeat(3), { maxDepth: 3 })).toBe('{"a":{"a":{"a":1}}}')
  })

  it('accepts input exactly at the size limit', () => {
    expect(canon('[1, 2]', { maxBytes: 6 })).toBe('[1,2]')
  })

  it.each([
    ['1.0', '1'], ['1E2', '100'], ['-0', '0'], ['-0.0e5', '0'], ['0.1', '0.1'], ['5e-324', '5e-324'],
    ['1e21', '1e+21'], ['100000000000000000000', '100000000000000000000'], ['9007199254740992', '9007199254740992'],
    ['-9007199254740991', '-9007199254740991'], ['1.7976931348623157e308', '1.7976931348623157e+308'],
    ['2e-3', '0.002'], ['0.000000000000000000000000001', '1e-27'], ['333333333.3333333', '333333333.3333333'],
    ['4.50', '4.5'], ['1E+2', '100'], ['10e-1', '1'], ['0e99999999999999999999', '0'], ['123456789012345', '123456789012345'],
    ['9007199254740994', '9007199254740994'], ['1152921504606847000', '1152921504606847000'], ['1.5e22', '1.5e+22'],
  ])('accepts the number %s as %s', (input, out) => {
    expect(canon(input)).toBe(out)
  })
})

describe('strict parse: size, encoding and emptiness', () => {
  it('rejects input over the size limit with ERR_CANONICAL_TOO_LARGE (413)', () => {
    const e = rejection('[1, 2] ', { maxBytes: 6 })
    expect(e.code).toBe('ERR_CANONICAL_TOO_LARGE')
    expect(e.status).toBe(413)
  })

  it('rejects a default-limit overflow of 1 MiB + 1 bytes', () => {
    expect(rejection(`"${'a'.repeat(1_048_575)}"`).code).toBe('ERR_CANONICAL_TOO_LARGE')
  })

  it('rejects input whose canonical form outgrows the limit (1e20 is 21 bytes canonical)', () => {
    const input = `[${Array(10).fill('1e20').join(',')}]`
    expect(input.length).toBeLessThanOrEqual(60)
    const e = rejection(input, { maxBytes: 60 })
    expect(e.code).toBe('ERR_CANONICAL_TOO_LARGE')
    expect(e.status).toBe(413)
  })

  it('rejects a UTF-8 BOM with ERR_CANONICAL_BOM', () => {
    const e = rejection(new Uint8Array([0xef, 0xbb, 0xbf, 0x7b, 0x7d]))
    expect(e.code).toBe('ERR_CANONICAL_BOM')
    expect(e.status).toBe(400)
  })

  it.each([
    ['an overlong slash (C0 AF)', [0x22, 0xc0, 0xaf, 0x22], 1],
    ['an overlong 3-byte form (E0 80 AF)', [0x22, 0xe0, 0x80, 0xaf, 0x22], 1],
    ['an overlong 4-byte form (F0 80 80 AF)', [0x22, 0xf0, 0x80, 0x80, 0xaf, 0x22], 1],
    ['an encoded high surrogate (ED A0 80)', [0x22, 0xed, 0xa0, 0x80, 0x22], 1],
    ['an encoded low surrogate (ED BF BF)', [0x22, 0xed, 0xbf, 0xbf, 0x22], 1],
    ['a code point above U+10FFFF (F4 90 80 80)', [0x22, 0xf4, 0x90, 0x80, 0x80, 0x22], 1],
    ['a lone continuation byte', [0x22, 0x61, 0x80, 0x22], 2],
    ['a truncated sequence', [0x22, 0xe2, 0x82], 1],
    ['a Latin-1 byte', [0x22, 0xe9, 0x22], 1],
    ['an F5 lead byte', [0x22, 0xf5, 0x80, 0x80, 0x80, 0x22], 1],
  ])('rejects %s with ERR_CANONICAL_UTF8 at its byte offset', (_name, bytes, offset) => {
    const e = rejection(new Uint8Array(bytes))
    expect(e.code).toBe('ERR_CANONICAL_UTF8')
    expect(e.detail).toEqual({ offset })
  })

  it.each([[''], [' '], [' \t\r\n ']])('rejects the empty or whitespace-only body %j with ERR_CANONICAL_EMPTY', (s) => {
    expect(rejection(s).code).toBe('ERR_CANONICAL_EMPTY')
  })
})

describe('strict parse: RFC 8259 syntax', () => {
  it.each([
    ['a line comment', '{"a":1 // c\n}'],
    ['a block comment', '/* c */ {"a":1}'],
    ['a trailing comma in an array', '[1,2,]'],
    ['a trailing comma in an object', '{"a":1,}'],
    ['single quotes', "{'a':1}"],
    ['an unquoted key', '{a:1}'],
    ['NaN', '[NaN]'],
    ['Infinity', '[-Infinity]'],
    ['a leading zero', '[01]'],
    ['a leading plus', '[+1]'],
    ['a bare decimal point', '[1.]'],
    ['a decimal point without integer part', '[.5]'],
    ['an empty exponent', '[1e]'],
    ['a hex number', '[0x10]'],
    ['an invalid escape', '["\\x41"]'],
    ['a short \\u escape', '["\\u12"]'],
    ['a non-hex \\u escape', '["\\u12G4"]'],
    ['non-breaking space as whitespace', '[1,\u00a02]'],
    ['form feed as whitespace', '[1,\f2]'],
    ['vertical tab as whitespace', '\v[1]'],
    ['an unterminated string', '["abc'],
    ['an unterminated array', '[1,2'],
    ['an unterminated object', '{"a":1'],
    ['a missing colon', '{"a" 1}'],
    ['a missing value', '{"a":}'],
    ['a truncated literal', '[tru]'],
    ['a capitalised literal', '[True]'],
    ['a lone minus', '[-]'],
  ])('rejects %s with ERR_CANONICAL_SYNTAX', (_name, s) => {
    const e = rejection(s)
    expect(e.code).toBe('ERR_CANONICAL_SYNTAX')
    expect(e.status).toBe(400)
    expect(typeof e.detail?.['offset']).toBe('number')
  })

  it.each([
    ['a second value', '{"a":1} {"b":2}'],
    ['a NUL after the value', '{"a":1}\u0000'],
    ['garbage after the value', '[1]x'],
    ['a second top-level number', '1 2'],
  ])('rejects %s with ERR_CANONICAL_TRAILING', (_name, s) => {
    expect(rejection(s).code).toBe('ERR_CANONICAL_TRAILING')
  })

  it('locates a syntax error by byte offset, counting multi-byte characters', () => {
    expect(rejection('["é", x]').detail).toEqual({ offset: 7 })
  })
})
