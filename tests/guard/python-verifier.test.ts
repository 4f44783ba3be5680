import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildVectors } from '../../src/spec/index.js'

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

describe.skipIf(python === undefined)('examples/python-verifier (written from docs/binding.md alone)', () => {
  it('agrees with the guard on every published vector, using only cryptography and the stdlib', () => {
    const v = buildVectors()
    const out = execFileSync(python ?? 'python3', [`${ROOT}examples/python-verifier/verify.py`, `${ROOT}docs/binding-vectors.json`], { encoding: 'utf8' })
    expect(out).not.toMatch(/^FAIL/m)
    const lines = out.split('\n').filter((l) => l.startsWith('ok   '))
    expect(lines.filter((l) => l.startsWith('ok   request: '))).toHaveLength(v.requests.length)
    expect(lines.filter((l) => l.startsWith('ok   receipt: '))).toHaveLength(v.receipts.vectors.length)
    expect(lines.filter((l) => l.startsWith('ok   signing key: '))).toHaveLength(v.signingKeys.length)
    expect(lines.filter((l) => l.startsWith('ok   key set: '))).toHaveLength(v.keySets.length)
    const total = v.requests.length + v.receipts.vectors.length + v.signingKeys.length + v.keySets.length
    expect(out).toContain(`\n${total}/${total} vectors agree\n`)
    // Each refused request vector is refused by Python with the code the guard gives.
    for (const r of v.requests) expect(out).toContain(`ok   request: ${r.name}: ${r.expect}\n`)
    // Both profiles, counted: the MCP profile (docs/binding.md §13) is implemented from the spec text too.
    const mcp = v.requests.filter((r) => r.verifier.profile === 'mcp').length
    // A person's approval (docs/binding.md §14): EdDSA and ES256 passkeys, every refusal of step 12.
    const approvals = v.requests.filter((r) => r.verifier.approvals !== undefined).length
    const tools = v.requests.length - mcp - approvals
    expect(mcp).toBeGreaterThanOrEqual(100)
    expect(approvals).toBeGreaterThanOrEqual(20)
    expect(out).toContain(`\nprofile tools: ${tools}/${tools} request vectors agree\n`)
    expect(out).toContain(`\nprofile mcp: ${mcp}/${mcp} request vectors agree\n`)
    expect(out).toContain(`\nprofile approvals: ${approvals}/${approvals} request vectors agree\n`)
  })

  it('exits non-zero and says FAIL when a vector disagrees', () => {
    const v = buildVectors()
    const first = v.requests[0]
    if (first === undefined) throw new Error('no vectors')
    const broken = { ...v, requests: [{ ...first, expect: 'ERR_GUARD_REPLAY' }], receipts: { ...v.receipts, vectors: [] }, signingKeys: [], keySets: [] }
    const file = join(mkdtempSync(join(tmpdir(), 'verbatim-vectors-')), 'broken.json')
    writeFileSync(file, JSON.stringify(broken))
    const r = spawnSync(python ?? 'python3', [`${ROOT}examples/python-verifier/verify.py`, file], { encoding: 'utf8' })
    expect(r.status).toBe(1)
    expect(r.stdout).toMatch(/^FAIL request: the test-vector request: accept \(expected ERR_GUARD_REPLAY\)$/m)
  })
})
