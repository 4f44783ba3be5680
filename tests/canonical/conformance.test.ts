import { describe, expect, it } from 'vitest'
import { canonicalBytes } from '../../src/canonical/index.js'
import { VerbatimError } from '../../src/errors/index.js'
import type { ErrorCode } from '../../src/errors/index.js'
import type { CanonicalOptions } from '../../src/canonical/index.js'
import { CORPUS_DIR, corpusBytes, corpusFiles, corpusPresent } from './helpers.js'

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
const haveJts = corpusPresent(JTS)
if (!haveJts) console.warn(`skipping JSONTestSuite conformance: ${CORPUS_DIR}${JTS} is absent`)

describe.skipIf(!haveJts)('conformance: nst/JSONTestSuite (skipped when ../shared/corpus is absent)', () => {
  const files = haveJts ? corpusFiles(JTS).filter((f) => f.endsWith('.json')) : []

  it('finds the whole corpus', () => {
    expect(files.filter((f) => f.startsWith('n_')).length).toBe(188)
    expect(files.filter((f) => f.startsWith('y_')).length).toBe(95)
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
const haveJcs = corpusPresent(JCS)
if (!haveJcs) console.warn(`skipping RFC 8785 conformance: ${CORPUS_DIR}${JCS} is absent`)

describe.skipIf(!haveJcs)('conformance: RFC 8785 reference data (skipped when ../shared/corpus is absent)', () => {
  const names = haveJcs ? corpusFiles(`${JCS}/input`) : []

  it('finds the six reference inputs', () => {
    expect(names).toEqual(['arrays.json', 'french.json', 'structures.json', 'unicode.json', 'values.json', 'weird.json'])
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
