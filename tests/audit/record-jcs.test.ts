import canonicalize from 'canonicalize'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { buildRecord, jcs, jcsValue, sha256Hex } from '../../src/audit/record.js'
import type { JsonValue } from '../../src/audit/index.js'

/** The audit writer's short road to RFC 8785 gives canonicalize's bytes, or defers to it. */
describe('audit record: RFC 8785 short road', () => {
  it('equals canonicalize for any JSON value, including full Unicode keys and strings', () => {
    const value = fc.jsonValue({ maxDepth: 4, stringUnit: 'binary' }) as fc.Arbitrary<JsonValue>
    fc.assert(fc.property(value, (v) => {
      expect(jcsValue(v)).toBe(canonicalize(v))
    }), { numRuns: 2000 })
  })

  it('sorts members by UTF-16 code units, not code points (RFC 8785 §3.2.3)', () => {
    // U+FB33 sorts before U+1F600 in code points but after its surrogate pair in UTF-16 code units.
    const v = { '\ufb33': 1, '\u{1f600}': 2, a: [3, { z: true, b: null }] }
    expect(jcsValue(v)).toBe(canonicalize(v))
    expect(jcsValue(v)).toBe('{"a":[3,{"b":null,"z":true}],"\u{1f600}":2,"\ufb33":1}')
  })

  it('a lone surrogate anywhere is refused as canonicalize refuses it', () => {
    for (const v of [{ k: '\ud800' }, ['\udfff'], { '\ud800': 1 }] as JsonValue[]) {
      const expected = (() => { try { return canonicalize(v) } catch (e) { return e instanceof Error ? 'throws' : 'other' } })()
      const got = (() => { try { return jcsValue(v) } catch (e) { return e instanceof Error ? 'throws' : 'other' } })()
      expect(got).toBe(expected)
    }
  })

  it('buildRecord: the record is the fields and the envelope, hashed over RFC 8785 without hash, for any fields (a member named __proto__ included)', () => {
    const RESERVED = new Set(['v', 'seq', 'ts', 'type', 'prev', 'hash'])
    const fields = fc.dictionary(fc.oneof(fc.string(), fc.constant('__proto__')), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 8 })
      .map((d) => JSON.parse(JSON.stringify(d)) as Record<string, JsonValue>) // own members, __proto__ as JSON.parse defines it
      .filter((d) => Object.keys(d).every((k) => !RESERVED.has(k)))
    fc.assert(fc.property(fields, fc.nat(), (f, seq) => {
      const b = buildRecord(seq, 7, 'decision', '0'.repeat(64), f)
      const expected = { ...f, v: 1, seq, ts: 7, type: 'decision', prev: '0'.repeat(64) }
      expect(Object.getPrototypeOf(b.record)).toBe(Object.prototype)
      expect(Object.keys(b.record)).toEqual([...Object.keys(expected), 'hash'])
      expect(b.hash).toBe(sha256Hex(jcs(expected)))
      expect(b.line).toBe(`${jcs({ ...expected, hash: b.hash })}\n`)
    }), { numRuns: 500 })
  })
})
