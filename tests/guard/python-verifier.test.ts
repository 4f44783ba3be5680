import { execFileSync, spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'

const ROOT = new URL('../..', import.meta.url).pathname

function findPython(): string | undefined {
  for (const py of ['/usr/bin/python3', 'python3']) {
    const r = spawnSync(py, ['-c', 'import cryptography'], { stdio: 'ignore' })
    if (r.status === 0) return py
  }
  return undefined
}
const python = findPython()
if (python === undefined) console.warn('SKIPPED: the Python verifier test needs python3 with the cryptography package (Debian: python3-cryptography)')

describe.skipIf(python === undefined)('examples/python-verifier/verify.py', () => {
  it('agrees with every published binding vector, using only cryptography and the stdlib', () => {
    const out = execFileSync(python ?? 'python3', [`${ROOT}examples/python-verifier/verify.py`, `${ROOT}docs/binding-vectors.json`], { encoding: 'utf8' })
    expect(out).not.toMatch(/FAIL/)
    expect(out).toMatch(/^(\d+)\/\1 vectors agree$/m)
  })
})
