import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { canonicalBytes, strictValue } from '../../src/canonical/index.js'
import { isVerbatimError } from '../../src/errors/index.js'

const enc = (s: string): Uint8Array => new TextEncoder().encode(s)
const outcome = (f: () => unknown): unknown => {
  try {
    return { value: f() }
  } catch (e) {
    return { code: isVerbatimError(e) ? e.code : String(e) }
  }
}

describe('strictValue', () => {
  it('reads what canonicalBytes reads, and refuses what it refuses, with the same code', () => {
    for (const text of ['{"a":[1,2.5e3,"x"]}', '{"a":1,"a":2}', '{"A":1,"a":2}', '"\\ud800"', '12345678901234567890', '{"__proto__":1}', '[1,]', '']) {
      expect(outcome(() => strictValue(enc(text)))).toEqual(outcome(() => canonicalBytes(enc(text)).value))
    }
  })

  it('agrees with canonicalBytes on any JSON text', () => {
    fc.assert(fc.property(fc.json(), (text) => {
      expect(outcome(() => strictValue(enc(text)))).toEqual(outcome(() => canonicalBytes(enc(text)).value))
    }))
  })
})
