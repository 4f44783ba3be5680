import { describe, expect, it } from 'vitest'
import { ERROR_CODES, STATUS_BY_CODE } from '../../src/errors/index.js'
import type { ErrorCode } from '../../src/errors/index.js'
import type { CanonicalOptions } from '../../src/canonical/index.js'
import { rejection } from './helpers.js'

/** One witness per canonical code, with the byte offset the error must report. */
const WITNESS: Record<string, [string | Uint8Array, number, CanonicalOptions?]> = {
  ERR_CANONICAL_EMPTY: ['  ', 0],
  ERR_CANONICAL_TOO_LARGE: ['[1,2,3]', 4, { maxBytes: 4 }],
  ERR_CANONICAL_UTF8: [new Uint8Array([0x5b, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x5d]), 2],
  ERR_CANONICAL_BOM: [new Uint8Array([0xef, 0xbb, 0xbf, 0x31]), 0],
  ERR_CANONICAL_SYNTAX: ['{"a":1,}', 7],
  ERR_CANONICAL_TRAILING: ['{"a":1}  {"b":2}', 9],
  ERR_CANONICAL_DEPTH: ['[[[1]]]', 2, { maxDepth: 2 }],
  ERR_CANONICAL_DUPLICATE_KEY: ['{"a":1,"\\u0061":2}', 7],
  ERR_CANONICAL_CASE_COLLISION: ['{"é":1,"name":1,"Name":2}', 17],
  ERR_CANONICAL_LONE_SURROGATE: ['["ok","x\\ud800"]', 8],
  ERR_CANONICAL_CONTROL_CHAR: ['["é\u0007"]', 4],
  ERR_CANONICAL_NONCHARACTER: ['{"k":"\\ufdd0"}', 6],
  ERR_CANONICAL_NUL: ['{"user":"admin\\u0000x"}', 14],
  ERR_CANONICAL_NUMBER_RANGE: ['{"n":1e400}', 5],
  ERR_CANONICAL_NUMBER_PRECISION: ['[0,9007199254740993]', 3],
  ERR_CANONICAL_PROTO_KEY: ['{"a":[{"__proto__":{}}]}', 7],
}

describe('canonical error codes', () => {
  const codes = ERROR_CODES.filter((c) => c.startsWith('ERR_CANONICAL_'))

  it('has a witness test for every ERR_CANONICAL_ code in the table', () => {
    expect(Object.keys(WITNESS).sort()).toEqual([...codes].sort())
  })

  it.each(codes)('%s is raised by its witness, with its status and the byte offset of the fault', (code: ErrorCode) => {
    const [input, offset, options] = WITNESS[code] as [string | Uint8Array, number, CanonicalOptions?]
    const e = rejection(input, options)
    expect(e.code).toBe(code)
    expect(e.status).toBe(STATUS_BY_CODE[code])
    expect(e.detail).toEqual({ offset })
    expect(e.message).toContain(`at byte ${offset}`)
  })
})
