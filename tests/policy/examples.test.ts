import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { compilePolicy, loadPolicy, policyFiles, runPolicyTests } from '../../src/policy/index.js'

const POLICIES = new URL('../../policies/', import.meta.url).pathname

describe('example policies', () => {
  it('pass every case in their tests: sections', async () => {
    const results = runPolicyTests(await loadPolicy([POLICIES]))
    expect(results.filter((r) => !r.passed)).toEqual([])
    expect(results.length).toBeGreaterThanOrEqual(30)
  })

  it('have tests in every file and reference the committed JSON Schema', async () => {
    const files = await policyFiles([POLICIES])
    expect(files.length).toBe(4)
    for (const f of files) {
      const text = await readFile(f, 'utf8')
      expect(text).toContain('../docs/policy.schema.json')
      expect(compilePolicy([{ path: f, text }]).tests[0]?.cases.length).toBeGreaterThan(0)
    }
  })
})

describe('policy test cases', () => {
  it('send args through the canonical core: a NUL string is a deny with its canonical code', () => {
    const p = compilePolicy([{ path: 'p.yaml', text: 'rules:\n  - { id: r, effect: allow, agents: [a], tools: [t] }\ntests:\n  - { agent: a, tool: t, args: { s: "a\\0b" }, decision: allow }\n  - { agent: a, tool: t, args: { s: "ab" }, decision: allow }\n' }])
    const [nul, ok] = runPolicyTests(p)
    expect(nul).toMatchObject({ passed: false })
    expect(nul?.detail).toContain('ERR_CANONICAL_NUL')
    expect(ok).toMatchObject({ passed: true, detail: 'allow by r' })
  })

  it('refuse arguments that are not an object, as the gate does', () => {
    const p = compilePolicy([{ path: 'p.yaml', text: 'rules:\n  - { id: r, effect: allow, agents: [a], tools: [t] }\ntests:\n  - { agent: a, tool: t, args: [1], decision: allow }\n  - { agent: a, tool: t, args: "x", decision: deny }\n' }])
    const [arr, str] = runPolicyTests(p)
    expect(arr).toMatchObject({ passed: false })
    expect(arr?.detail).toContain('ERR_INTAKE_NOT_OBJECT')
    expect(str).toMatchObject({ passed: true, detail: 'deny (ERR_INTAKE_NOT_OBJECT)' })
  })
})
