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
    expect(files.length).toBe(5)
    for (const f of files) {
      const text = await readFile(f, 'utf8')
      expect(text).toContain('../docs/policy.schema.json')
      expect(compilePolicy([{ path: f, text }]).tests[0]?.cases.length).toBeGreaterThan(0)
    }
  })
})
