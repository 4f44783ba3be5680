import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MerkleFrontier, merkleRoot, sha256Hex, verifyLog } from '../../src/audit/index.js'
import { makeTamperSet } from './tamper.js'

describe('audit merkle (RFC 9162 §2.1.1)', () => {
  it('gives the empty tree the hash of the empty string', () => {
    expect(new MerkleFrontier().root()).toBe(sha256Hex(''))
    expect(merkleRoot([])).toBe(sha256Hex(''))
  })

  it('matches the recursive definition at every prefix size', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[0-9a-f]{64}$/), { maxLength: 40 }), (hashes) => {
        const f = new MerkleFrontier()
        for (const [i, h] of hashes.entries()) {
          f.push(h)
          expect(f.root()).toBe(merkleRoot(hashes.slice(0, i + 1)))
        }
      }),
      { numRuns: 60 },
    )
  })
})

describe('audit verify (property)', async () => {
  const set = await makeTamperSet()
  it('reports a fault for any single changed byte of a clean log', () => {
    const bytes = Buffer.from(set.clean)
    fc.assert(
      fc.property(fc.nat({ max: bytes.length - 1 }), fc.integer({ min: 1, max: 255 }), (at, delta) => {
        const b = Buffer.from(bytes)
        b[at] = ((b[at] as number) + delta) % 256
        expect(verifyLog([{ name: 'x', text: b.toString('latin1') }]).faults.length).toBeGreaterThan(0)
      }),
      { numRuns: 80 },
    )
  })
})
