import { describe, expect, it } from 'vitest'
import { buildVectors } from '../../src/spec/index.js'
import { ERROR_CODES } from '../../src/errors/index.js'

const v = buildVectors()
const STEPS = ['method', 'body', 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] as const

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

  it('the MCP profile (§13.4) has vectors for its pre-check and for steps 0, 2, 9 (both codes), 10 and 11', () => {
    const mcp = v.requests.filter((r) => r.verifier.profile === 'mcp')
    const has = (step: (typeof STEPS)[number], code: string): boolean => mcp.some((r) => r.step === step && r.expect === code)
    expect(has('body', 'ERR_INTAKE_LENGTH_MISMATCH')).toBe(true)
    expect(has('body', 'ERR_INTAKE_EMPTY_BODY')).toBe(true)
    expect(has(0, 'ERR_GUARD_CONTENT_TYPE')).toBe(true)
    expect(has(2, 'ERR_GUARD_SIGNATURE_MALFORMED')).toBe(true)
    expect(has(9, 'ERR_GUARD_TARGET_MISMATCH')).toBe(true)
    expect(has(9, 'ERR_GUARD_NOT_CANONICAL')).toBe(true)
    expect(has(10, 'ERR_GUARD_REPLAY')).toBe(true)
    expect(has(11, 'ERR_GUARD_NOT_CANONICAL')).toBe(true)
    // Both directions of a profile mix-up, each refused at step 9.
    expect(v.requests.filter((r) => r.verifier.profile === 'tools' && r.request.path === '/mcp').map((r) => r.expect)).toEqual(['ERR_GUARD_TARGET_MISMATCH'])
    expect(mcp.some((r) => r.request.path === '/v1/tools/fs.read' && r.expect === 'ERR_GUARD_TARGET_MISMATCH')).toBe(true)
  })

  it('accepted MCP vectors cover every kind of message and the bodiless GET and DELETE, which hand over null', () => {
    const ok = v.requests.filter((r) => r.verifier.profile === 'mcp' && r.expect === 'accept')
    const kinds = new Set(ok.map((r) => {
      const m = r.value as { method?: string; id?: unknown } | null
      if (m === null) return r.request.method
      return m.method === undefined ? 'response' : m.id === undefined ? 'notification' : m.method
    }))
    for (const k of ['tools/call', 'tools/list', 'prompts/get', 'resources/read', 'initialize', 'notification', 'response', 'GET', 'DELETE']) expect(kinds).toContain(k)
    for (const r of ok.filter((x) => x.value === null)) expect(['GET', 'DELETE']).toContain(r.request.method)
    expect(ok.some((r) => r.request.method === 'GET' && r.request.headers['content-type'] === undefined && r.request.headers['mcp-session-id'] !== undefined)).toBe(true)
  })

  it('names are unique, so a verifier can report by name', () => {
    const names = [...v.requests, ...v.receipts.vectors, ...v.signingKeys, ...v.keySets].map((r) => r.name)
    expect(new Set(v.requests.map((r) => r.name)).size).toBe(v.requests.length)
    expect(names.length).toBeGreaterThan(150)
  })
})
