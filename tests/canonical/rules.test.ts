import { describe, expect, it } from 'vitest'
import { canonicalBytes, MAX_DEPTH_CEILING } from '../../src/canonical/index.js'
import { canon, rejection, utf8 } from './helpers.js'

describe('strict parse: keys', () => {
  it.each([
    ['a plain duplicate', '{"a":1,"a":2}'],
    ['a duplicate spelled with an escape', '{"a":1,"\\u0061":2}'],
    ['a duplicate with equal values', '{"a":1,"a":1}'],
    ['a duplicate spelled with a surrogate-pair escape', '{"😂":1,"\\ud83d\\ude02":2}'],
    ['a duplicate deep inside arrays', '[[{"x":[{"k":1,"k":2}]}]]'],
    ['a duplicate named like an Object.prototype member', '{"toString":1,"toString":2}'],
  ])('rejects %s with ERR_CANONICAL_DUPLICATE_KEY', (_name, s) => {
    const e = rejection(s)
    expect(e.code).toBe('ERR_CANONICAL_DUPLICATE_KEY')
    expect(e.status).toBe(400)
  })

  it('accepts the same key in sibling objects', () => {
    expect(canon('[{"a":1},{"a":2}]')).toBe('[{"a":1},{"a":2}]')
  })
})

describe('strict parse: strings', () => {
  it.each([
    ['a lone high surrogate', '"\\ud800"'],
    ['a lone low surrogate', '"\\udc00"'],
    ['a high surrogate followed by a letter', '"\\ud800a"'],
    ['a high surrogate followed by a non-surrogate escape', '"\\ud800\\u0041"'],
    ['two high surrogates', '"\\ud800\\ud800"'],
    ['inverted surrogates', '"\\udd1e\\ud834"'],
    ['a lone surrogate in a key', '{"\\udead":1}'],
  ])('rejects %s with ERR_CANONICAL_LONE_SURROGATE', (_name, s) => {
    expect(rejection(s).code).toBe('ERR_CANONICAL_LONE_SURROGATE')
  })

  it.each([
    ['U+0001', '"a\u0001b"'],
    ['a raw newline', '"a\nb"'],
    ['a raw tab', '"a\tb"'],
    ['U+001F in a key', '{"\u001f":1}'],
  ])('rejects an unescaped control character (%s) with ERR_CANONICAL_CONTROL_CHAR', (_name, s) => {
    expect(rejection(s).code).toBe('ERR_CANONICAL_CONTROL_CHAR')
  })

  it('accepts escaped control characters other than U+0000', () => {
    expect(canon('"\\u0001\\n"')).toBe('"\\u0001\\n"')
  })

  it.each([
    ['raw U+FFFF', '"\uffff"'],
    ['raw U+FFFE', '"\ufffe"'],
    ['raw U+FDD0', '"\ufdd0"'],
    ['raw U+FDEF', '"\ufdef"'],
    ['escaped U+FFFF', '"\\uffff"'],
    ['escaped U+FDD0', '"\\ufdd0"'],
    ['raw U+1FFFE', '"\u{1fffe}"'],
    ['raw U+10FFFF', '"\u{10ffff}"'],
    ['U+10FFFF as an escaped pair', '"\\udbff\\udfff"'],
    ['U+1FFFF as an escaped pair', '"\\ud83f\\udfff"'],
    ['a noncharacter in a key', '{"\\ufffe":1}'],
  ])('rejects the I-JSON noncharacter %s with ERR_CANONICAL_NONCHARACTER (RFC 7493 §2.1)', (_name, s) => {
    expect(rejection(s).code).toBe('ERR_CANONICAL_NONCHARACTER')
  })

  it('accepts the neighbours of noncharacters (U+FDCF, U+FDF0, U+FFFD, U+1FFFD)', () => {
    expect(canon('"\\ufdcf\\ufdf0\\ufffd\\ud83f\\udffd"')).toBe('"\ufdcf\ufdf0\ufffd\u{1fffd}"')
  })

  it.each([
    ['an escaped NUL in a value', '{"user":"admin\\u0000x"}'],
    ['an escaped NUL in a key', '{"a\\u0000":1}'],
    ['a raw NUL in a value', '"admin\u0000x"'],
    ['a raw NUL in a key', '{"a\u0000":1}'],
  ])('rejects %s with ERR_CANONICAL_NUL', (_name, s) => {
    expect(rejection(s).code).toBe('ERR_CANONICAL_NUL')
  })
})

describe('strict parse: numbers', () => {
  it.each([['1e400'], ['-1e400'], ['1e-400'], ['-1e-400'], ['2e-324'], ['1.8e308'], ['[1e99999999999999999999]']])(
    'rejects %s with ERR_CANONICAL_NUMBER_RANGE',
    (s) => {
      expect(rejection(s).code).toBe('ERR_CANONICAL_NUMBER_RANGE')
    },
  )

  it.each([
    ['9007199254740993'],
    ['-9007199254740993'],
    ['1'.repeat(96)],
    ['0.1000000000000000055511151231257827'],
    ['3e-324'],
    ['1.00000000000000001'],
    ['123456789012345678'],
    ['1152921504606846976'], // 2^60 is a double, but RFC 8785 writes it 1152921504606847000
  ])('rejects %s with ERR_CANONICAL_NUMBER_PRECISION', (s) => {
    const e = rejection(s)
    expect(e.code).toBe('ERR_CANONICAL_NUMBER_PRECISION')
    expect(e.status).toBe(400)
  })
})

describe('strict parse: depth', () => {
  it('rejects nesting one deeper than the limit with ERR_CANONICAL_DEPTH', () => {
    expect(rejection('['.repeat(65) + ']'.repeat(65)).code).toBe('ERR_CANONICAL_DEPTH')
    expect(rejection('{"a":{"a":{"a":{}}}}', { maxDepth: 3 }).code).toBe('ERR_CANONICAL_DEPTH')
  })

  it('returns the depth error, not a stack overflow, at depth 100,000', () => {
    expect(rejection('['.repeat(100_000)).code).toBe('ERR_CANONICAL_DEPTH')
    expect(rejection('{"a":'.repeat(100_000)).code).toBe('ERR_CANONICAL_DEPTH')
  })

  it('serialises nesting at the highest configurable limit without overflowing the stack', () => {
    const deep = '['.repeat(MAX_DEPTH_CEILING) + ']'.repeat(MAX_DEPTH_CEILING)
    expect(canon(deep, { maxDepth: MAX_DEPTH_CEILING })).toBe(deep)
    expect(canon('{"a":'.repeat(MAX_DEPTH_CEILING) + '1' + '}'.repeat(MAX_DEPTH_CEILING), { maxDepth: MAX_DEPTH_CEILING })).toHaveLength(MAX_DEPTH_CEILING * 6 + 1)
    expect(rejection('['.repeat(100_000) + ']'.repeat(100_000), { maxDepth: MAX_DEPTH_CEILING }).code).toBe('ERR_CANONICAL_DEPTH')
  })
})

describe('strict parse: options', () => {
  it('rejects a nonsensical limit as a programming error (ERR_INTERNAL)', () => {
    expect(rejection('1', { maxDepth: -1 }).code).toBe('ERR_INTERNAL')
    expect(rejection('1', { maxBytes: Number.NaN }).code).toBe('ERR_INTERNAL')
    expect(rejection('1', { maxDepth: MAX_DEPTH_CEILING + 1 }).code).toBe('ERR_INTERNAL')
  })

  it('returns a fresh digest array that does not alias a shared buffer', () => {
    const r = canonicalBytes(utf8('1'))
    expect(r.digest.byteOffset).toBe(0)
    expect(r.digest.buffer.byteLength).toBe(32)
  })
})
