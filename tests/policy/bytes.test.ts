import { describe, expect, it } from 'vitest'
import { canonicalArguments, utf8ByteLength } from '../../src/policy/index.js'
import { allowWhen, decide } from './helpers.js'

const enc = new TextEncoder()

/** The decision on `s` at /s under one condition, with the body read as the gate reads it. */
function onBody(cond: Record<string, unknown>, body: string): string {
  return decide(allowWhen({ pointer: '/s', ...cond }), canonicalArguments(enc.encode(body)).value).decision
}

describe('maxBytes and minBytes count UTF-8 bytes', () => {
  // One character of each UTF-8 length: 1 (a), 2 (é), 3 (€), 4 (😀, two UTF-16 units).
  it.each([
    ['a', 1], ['é', 2], ['€', 3], ['😀', 4], ['aé€😀', 10],
  ])('counts %s as %i bytes', (s, n) => {
    expect(utf8ByteLength(s)).toBe(n)
    expect(decide(allowWhen({ pointer: '/s', maxBytes: n }), { s }).decision).toBe('allow')
    expect(decide(allowWhen({ pointer: '/s', maxBytes: n - 1 }), { s }).decision).toBe('deny')
    expect(decide(allowWhen({ pointer: '/s', minBytes: n }), { s }).decision).toBe('allow')
    expect(decide(allowWhen({ pointer: '/s', minBytes: n + 1 }), { s }).decision).toBe('deny')
  })

  it('admits a string at exactly the limit and refuses one byte more, where the last character is multi-byte', () => {
    const at = 'a'.repeat(65_532) + '😀' // 65,536 bytes
    expect(decide(allowWhen({ pointer: '/s', maxBytes: 65_536 }), { s: at }).decision).toBe('allow')
    expect(decide(allowWhen({ pointer: '/s', maxBytes: 65_536 }), { s: 'a' + at }).decision).toBe('deny')
    expect(decide(allowWhen({ pointer: '/s', maxBytes: 65_535 }), { s: at }).decision).toBe('deny')
  })

  it('refuses an 80,000-byte emoji string that a maxLength of 65,536 admits', () => {
    const s = '😀'.repeat(20_000) // 20,000 characters, 80,000 bytes
    expect(decide(allowWhen({ pointer: '/s', maxLength: 65_536 }), { s }).decision).toBe('allow')
    const d = decide(allowWhen({ pointer: '/s', maxBytes: 65_536 }), { s })
    expect(d).toMatchObject({ decision: 'deny', code: 'ERR_POLICY_NO_MATCH' })
    expect(d.reasons[0]?.why).toMatch(/ has 80000 bytes in UTF-8, more than 65536$/)
  })

  it('counts the bytes of the value, not of its JSON escapes: "\\u00e9" is 2 bytes and "\\n" is 1', () => {
    expect(onBody({ maxBytes: 2 }, '{"s":"\\u00e9"}')).toBe('allow')
    expect(onBody({ maxBytes: 1 }, '{"s":"\\u00e9"}')).toBe('deny')
    expect(onBody({ maxBytes: 4 }, '{"s":"\\ud83d\\ude00"}')).toBe('allow')
    expect(onBody({ maxBytes: 3 }, '{"s":"\\ud83d\\ude00"}')).toBe('deny')
    expect(onBody({ maxBytes: 1 }, '{"s":"\\n"}')).toBe('allow')
  })

  it('holds minBytes: 0 for the empty string and refuses minBytes: 1', () => {
    expect(decide(allowWhen({ pointer: '/s', minBytes: 0 }), { s: '' }).decision).toBe('allow')
    expect(decide(allowWhen({ pointer: '/s', minBytes: 1 }), { s: '' }).decision).toBe('deny')
  })

  it('does not hold on a value that is not a string, and says why', () => {
    const d = decide(allowWhen({ pointer: '/s', maxBytes: 10 }), { s: 5 })
    expect(d.decision).toBe('deny')
    expect(d.reasons[0]?.why).toBe('5 is number, maxBytes needs string')
  })

  it('explains a held limit in bytes', () => {
    expect(decide(allowWhen({ pointer: '/s', maxBytes: 4 }), { s: 'é' }).reasons[0]?.why).toBe('"é" has at most 4 bytes in UTF-8')
    expect(decide(allowWhen({ pointer: '/s', minBytes: 4 }), { s: 'é' }).reasons[0]?.why).toBe('"é" has 2 bytes in UTF-8, fewer than 4')
  })
})
