import { describe, expect, it } from 'vitest'
import { buildVectors } from '../../src/binding/index.js'
import { ERROR_CODES } from '../../src/errors/index.js'

const v = buildVectors()
const STEPS = ['body', 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] as const

describe('the published vectors cover the spec', () => {
  it.each(STEPS.map((s) => [String(s), s] as const))('step %s of docs/binding.md §6 has a refused vector', (_n, step) => {
    expect(v.requests.filter((r) => r.step === step && r.expect !== 'accept').length).toBeGreaterThan(0)
  })

  it('every ERR_GUARD_* and ERR_BINDING_* code has a vector, or is listed as uncovered with its reason', () => {
    const covered = new Set([
      ...v.requests.map((r) => r.expect), ...v.receipts.vectors.map((r) => r.expect), ...v.signingKeys.map((k) => k.expect),
    ])
    const listed = new Set(v.uncovered.map((u) => u.code))
    const missing = ERROR_CODES.filter((c) => /^ERR_(GUARD|BINDING)_/.test(c) && !covered.has(c) && !listed.has(c))
    expect(missing).toEqual([])
    for (const u of v.uncovered) {
      expect(covered.has(u.code)).toBe(false)
      expect(u.reason.length).toBeGreaterThan(20)
    }
  })

  it('accepted vectors carry the value the tool receives, refused ones a step', () => {
    for (const r of v.requests) {
      if (r.expect === 'accept') expect(r.value, r.name).toBeDefined()
      else expect(r.step, r.name).toBeDefined()
    }
  })

  it('positive vectors include unicode, nested and numeric bodies', () => {
    const names = v.requests.filter((r) => r.expect === 'accept').map((r) => r.name)
    for (const word of ['unicode', 'nested', 'numeric']) expect(names.some((n) => n.includes(word))).toBe(true)
  })

  it('names are unique, so a verifier can report by name', () => {
    const names = [...v.requests, ...v.receipts.vectors, ...v.signingKeys, ...v.keySets].map((r) => r.name)
    expect(new Set(v.requests.map((r) => r.name)).size).toBe(v.requests.length)
    expect(names.length).toBeGreaterThan(150)
  })
})
