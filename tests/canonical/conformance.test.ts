/**
 * The strict parser and RFC 8785 serialiser against the canonical conformance corpora, vendored under
 * tests/canonical/corpora/ with their licences and provenance (upstream commit, checked blob by blob):
 * nothing is read from outside the repository, and nothing is skipped in a fresh clone.
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { canonicalBytes } from '../../src/canonical/index.js'
import { VerbatimError } from '../../src/errors/index.js'
import type { ErrorCode } from '../../src/errors/index.js'
import type { CanonicalOptions } from '../../src/canonical/index.js'
import { CORPUS_DIR, corpusBytes, corpusFiles } from './helpers.js'

/** y_ files this profile rejects on purpose, each with its reason and code. */
const STRICTER_THAN_RFC8259: Record<string, [ErrorCode, string]> = {
  'y_object_duplicated_key.json': ['ERR_CANONICAL_DUPLICATE_KEY', 'a duplicate key has two meanings'],
  'y_object_duplicated_key_and_value.json': ['ERR_CANONICAL_DUPLICATE_KEY', 'duplicates are refused even with equal values'],
  'y_object_escaped_null_in_key.json': ['ERR_CANONICAL_NUL', 'U+0000 truncates in C-string executors'],
  'y_string_null_escape.json': ['ERR_CANONICAL_NUL', 'U+0000 truncates in C-string executors'],
  'y_string_escaped_noncharacter.json': ['ERR_CANONICAL_NONCHARACTER', 'I-JSON (RFC 7493 §2.1) forbids U+FFFF'],
  'y_string_last_surrogates_1_and_2.json': ['ERR_CANONICAL_NONCHARACTER', 'U+10FFFF is a noncharacter'],
  'y_string_nonCharacterInUTF-8_U+10FFFF.json': ['ERR_CANONICAL_NONCHARACTER', 'U+10FFFF is a noncharacter'],
  'y_string_nonCharacterInUTF-8_U+FFFF.json': ['ERR_CANONICAL_NONCHARACTER', 'U+FFFF is a noncharacter'],
  'y_string_unicode_U+10FFFE_nonchar.json': ['ERR_CANONICAL_NONCHARACTER', 'U+10FFFE is a noncharacter'],
  'y_string_unicode_U+1FFFE_nonchar.json': ['ERR_CANONICAL_NONCHARACTER', 'U+1FFFE is a noncharacter'],
  'y_string_unicode_U+FDD0_nonchar.json': ['ERR_CANONICAL_NONCHARACTER', 'U+FDD0 is a noncharacter'],
  'y_string_unicode_U+FFFE_nonchar.json': ['ERR_CANONICAL_NONCHARACTER', 'U+FFFE is a noncharacter'],
}

/** The profile's decision for each implementation-defined i_ file: a code, or 'accept'. */
const IMPLEMENTATION_DEFINED: Record<string, ErrorCode | 'accept'> = {
  'i_number_double_huge_neg_exp.json': 'ERR_CANONICAL_NUMBER_RANGE',
  'i_number_huge_exp.json': 'ERR_CANONICAL_NUMBER_RANGE',
  'i_number_neg_int_huge_exp.json': 'ERR_CANONICAL_NUMBER_RANGE',
  'i_number_pos_double_huge_exp.json': 'ERR_CANONICAL_NUMBER_RANGE',
  'i_number_real_neg_overflow.json': 'ERR_CANONICAL_NUMBER_RANGE',
  'i_number_real_pos_overflow.json': 'ERR_CANONICAL_NUMBER_RANGE',
  'i_number_real_underflow.json': 'ERR_CANONICAL_NUMBER_RANGE',
  'i_number_too_big_neg_int.json': 'ERR_CANONICAL_NUMBER_PRECISION',
  'i_number_too_big_pos_int.json': 'accept', // 1e20 is exact in binary64
  'i_number_very_big_negative_int.json': 'ERR_CANONICAL_NUMBER_PRECISION',
  'i_object_key_lone_2nd_surrogate.json': 'ERR_CANONICAL_LONE_SURROGATE',
  'i_string_1st_surrogate_but_2nd_missing.json': 'ERR_CANONICAL_LONE_SURROGATE',
  'i_string_1st_valid_surrogate_2nd_invalid.json': 'ERR_CANONICAL_LONE_SURROGATE',
  'i_string_UTF-16LE_with_BOM.json': 'ERR_CANONICAL_UTF8',
  'i_string_UTF-8_invalid_sequence.json': 'ERR_CANONICAL_UTF8',
  'i_string_UTF8_surrogate_U+D800.json': 'ERR_CANONICAL_UTF8',
  'i_string_incomplete_surrogate_and_escape_valid.json': 'ERR_CANONICAL_LONE_SURROGATE',
  'i_string_incomplete_surrogate_pair.json': 'ERR_CANONICAL_LONE_SURROGATE',
  'i_string_incomplete_surrogates_escape_valid.json': 'ERR_CANONICAL_LONE_SURROGATE',
  'i_string_invalid_lonely_surrogate.json': 'ERR_CANONICAL_LONE_SURROGATE',
  'i_string_invalid_surrogate.json': 'ERR_CANONICAL_LONE_SURROGATE',
  'i_string_invalid_utf-8.json': 'ERR_CANONICAL_UTF8',
  'i_string_inverted_surrogates_U+1D11E.json': 'ERR_CANONICAL_LONE_SURROGATE',
  'i_string_iso_latin_1.json': 'ERR_CANONICAL_UTF8',
  'i_string_lone_second_surrogate.json': 'ERR_CANONICAL_LONE_SURROGATE',
  'i_string_lone_utf8_continuation_byte.json': 'ERR_CANONICAL_UTF8',
  'i_string_not_in_unicode_range.json': 'ERR_CANONICAL_UTF8',
  'i_string_overlong_sequence_2_bytes.json': 'ERR_CANONICAL_UTF8',
  'i_string_overlong_sequence_6_bytes.json': 'ERR_CANONICAL_UTF8',
  'i_string_overlong_sequence_6_bytes_null.json': 'ERR_CANONICAL_UTF8',
  'i_string_truncated-utf-8.json': 'ERR_CANONICAL_UTF8',
  'i_string_utf16BE_no_BOM.json': 'ERR_CANONICAL_UTF8',
  'i_string_utf16LE_no_BOM.json': 'ERR_CANONICAL_UTF8',
  'i_structure_500_nested_arrays.json': 'ERR_CANONICAL_DEPTH',
  'i_structure_UTF-8_BOM_empty_object.json': 'ERR_CANONICAL_BOM',
}

function nthNewline(bytes: Uint8Array, n: number): number {
  let at = -1
  for (let i = 0; i < n; i++) at = bytes.indexOf(0x0a, at + 1)
  return at
}

function outcome(bytes: Uint8Array): ErrorCode | 'accept' {
  try {
    canonicalBytes(bytes)
    return 'accept'
  } catch (e) {
    if (e instanceof VerbatimError) return e.code
    throw e
  }
}

const JTS = 'jsontestsuite'

describe('conformance: nst/JSONTestSuite (tests/canonical/corpora/jsontestsuite, MIT)', () => {
  const files = corpusFiles(JTS).filter((f) => f.endsWith('.json'))

  it('finds the whole corpus, with its licence', () => {
    expect(files.filter((f) => f.startsWith('n_')).length).toBe(188)
    expect(files.filter((f) => f.startsWith('y_')).length).toBe(95)
    expect(files.filter((f) => f.startsWith('i_')).length).toBe(35)
    expect(readFileSync(`${CORPUS_DIR}${JTS}/LICENSE`, 'utf8')).toMatch(/^MIT License\n\nCopyright \(c\) 2016 Nicolas Seriot\n/)
    expect(readFileSync(`${CORPUS_DIR}${JTS}/README.md`, 'utf8')).toContain('1ef36fa01286573e846ac449e8683f8833c5b26a')
  })

  it('rejects every n_ file with an ERR_CANONICAL_ code', () => {
    const accepted = files.filter((f) => f.startsWith('n_')).filter((f) => !outcome(corpusBytes(JTS, f)).startsWith('ERR_CANONICAL_'))
    expect(accepted).toEqual([])
  })

  it('accepts every y_ file except the listed ones, which fail with their named code', () => {
    const got: Record<string, string> = {}
    const want: Record<string, string> = {}
    for (const f of files.filter((x) => x.startsWith('y_'))) {
      got[f] = outcome(corpusBytes(JTS, f))
      want[f] = STRICTER_THAN_RFC8259[f]?.[0] ?? 'accept'
    }
    expect(got).toEqual(want)
  })

  it('gives each i_ file the documented decision', () => {
    const got: Record<string, string> = {}
    for (const f of files.filter((x) => x.startsWith('i_'))) got[f] = outcome(corpusBytes(JTS, f))
    expect(got).toEqual(IMPLEMENTATION_DEFINED)
  })

  it('produces bytes that JSON.parse reads back to the same value for every accepted file', () => {
    for (const f of files) {
      const bytes = corpusBytes(JTS, f)
      if (outcome(bytes) !== 'accept') continue
      const r = canonicalBytes(bytes)
      expect(JSON.parse(new TextDecoder().decode(r.bytes)), f).toEqual(r.value)
    }
  })
})

const JCS = 'jcs'

describe('conformance: RFC 8785 reference data (tests/canonical/corpora/jcs, Apache-2.0)', () => {
  const names = corpusFiles(`${JCS}/input`)

  it('finds the six reference inputs, with their licence', () => {
    expect(names).toEqual(['arrays.json', 'french.json', 'structures.json', 'unicode.json', 'values.json', 'weird.json'])
    expect(readFileSync(`${CORPUS_DIR}${JCS}/LICENSE`, 'utf8')).toContain('Licensed under the Apache License, Version 2.0')
    expect(readFileSync(`${CORPUS_DIR}${JCS}/README.md`, 'utf8')).toContain('19d51d7fe467d4706a3ff08adf8a748f29fc21e0')
  })

  it('holds number vectors that hash as upstream publishes them (testdata/README.md: 1,000 and 10,000 lines)', () => {
    const bytes = corpusBytes(`${JCS}/numbers`, 'es6testfile10000.txt')
    const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex')
    expect(sha(bytes)).toBe('b9f7a8e75ef22a835685a52ccba7f7d6bdc99e34b010992cbc5864cd12be6892')
    const firstThousand = bytes.subarray(0, nthNewline(bytes, 1000) + 1)
    expect(sha(firstThousand)).toBe('be18b62b6f69cdab33a7e0dae0d9cfa869fda80ddc712221570f9f40a5878687')
  })

  /** Where the reference data is stricter-profile input, the profile's answer and how to still compare bytes. */
  const PROFILE: Record<string, { code: ErrorCode; options?: CanonicalOptions; fix?: [string, string] }> = {
    // "E" and "e" are one key to Go's encoding/json; with the check off, the bytes must match.
    'structures.json': { code: 'ERR_CANONICAL_CASE_COLLISION', options: { rejectCaseCollisions: false } },
    // 333333333.33333329 is not exactly representable; its exact-enough spelling must give the same bytes.
    'values.json': { code: 'ERR_CANONICAL_NUMBER_PRECISION', fix: ['333333333.33333329', '333333333.3333333'] },
  }

  it.each(names)('canonicalises %s to the exact reference bytes', (name) => {
    let input = corpusBytes(`${JCS}/input`, name)
    const p = PROFILE[name]
    if (p !== undefined) {
      expect(outcome(input)).toBe(p.code)
      if (p.fix !== undefined) input = new TextEncoder().encode(new TextDecoder().decode(input).replace(p.fix[0], p.fix[1]))
    }
    const out = canonicalBytes(input, p?.options)
    expect(Buffer.from(out.bytes).equals(Buffer.from(corpusBytes(`${JCS}/output`, name)))).toBe(true)
    const hex = new TextDecoder().decode(corpusBytes(`${JCS}/outhex`, name.replace('.json', '.txt'))).trim().split(/\s+/)
    expect(Buffer.from(out.bytes).toString('hex')).toBe(hex.join('').toLowerCase())
  })

  it('accepts all 10,000 number vectors in their RFC 8785 spelling, unchanged and with the same double', () => {
    const lines = new TextDecoder().decode(corpusBytes(`${JCS}/numbers`, 'es6testfile10000.txt')).split('\n').filter((l) => l !== '')
    expect(lines.length).toBe(10_000)
    const view = new DataView(new ArrayBuffer(8))
    const wrong: string[] = []
    for (const line of lines) {
      const [hex = '', expected = ''] = line.split(',')
      view.setBigUint64(0, BigInt(`0x${hex.padStart(16, '0')}`))
      const d = view.getFloat64(0)
      const r = canonicalBytes(new TextEncoder().encode(expected))
      if (new TextDecoder().decode(r.bytes) !== expected || !Object.is(r.value, d === 0 ? 0 : d)) wrong.push(line)
    }
    expect(wrong).toEqual([])
  })
})
