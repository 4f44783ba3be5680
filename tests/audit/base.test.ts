/** Sealed segments: a signed base checkpoint lets a writer start without reading them, and lets them move away. */
import { mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { AuditSigner, BaseCheckpoint } from '../../src/audit/index.js'
import { MerkleFrontier, baseFileName, merkleRoot, openAuditWriter, parseBase, publicKeyEntry, readBaseFiles, scanLog, sha256Hex, signBase, snapshotPath, verifyBase } from '../../src/audit/index.js'
import { fakeClock, newSigner, tempDir } from './helpers.js'

/** A log of `runs` runs of `n` decisions each, rotating every few records. */
async function rotatedLog(dir: string, signer: AuditSigner, runs = 1, n = 40): Promise<void> {
  const clock = fakeClock()
  for (let r = 0; r < runs; r++) {
    const w = await openAuditWriter({ dir, process: 'gate', signer, now: clock, segmentMaxBytes: 1500, checkpointEvery: 5, onWarn: () => undefined })
    for (let i = 0; i < n; i++) await w.append('decision', { decisionId: `d-${r}-${i}`, verdict: 'allow' })
    await w.close()
  }
}

const segments = (dir: string): string[] => readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort()
const newestBase = async (dir: string): Promise<BaseCheckpoint | undefined> => (await readBaseFiles(dir, 'gate')).at(-1)

async function verifyDir(dir: string, trustedKeys?: { kid: string; x: string }[]): Promise<{ faults: { kind: string }[]; notes: string[]; records: number }> {
  const [log] = await snapshotPath(dir)
  return scanLog(log as NonNullable<typeof log>, trustedKeys === undefined ? {} : { trustedKeys })
}

describe('Merkle frontier: roots() and restore()', () => {
  it('continues a tree exactly: restore(size, roots) then more leaves gives the RFC 9162 root of them all', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 70 }), fc.integer({ min: 0, max: 40 }), (a, b) => {
      const hashes = Array.from({ length: a + b }, (_, i) => sha256Hex(String(i)))
      const f = new MerkleFrontier()
      hashes.slice(0, a).forEach((h) => f.push(h))
      const g = MerkleFrontier.restore(a, JSON.parse(JSON.stringify(f.roots())) as (string | null)[])
      hashes.slice(a).forEach((h) => g.push(h))
      expect(g.root()).toBe(merkleRoot(hashes))
    }))
  })

  it('refuses roots that do not fit the size', () => {
    const f = new MerkleFrontier()
    for (let i = 0; i < 5; i++) f.push(sha256Hex(String(i)))
    expect(() => MerkleFrontier.restore(6, f.roots())).toThrow(TypeError)
  })
})

describe('audit base checkpoint', () => {
  it('is written at each rotation and each start, signed by the writer\'s key', async () => {
    const dir = tempDir()
    const signer = newSigner()
    await rotatedLog(dir, signer)
    const base = await newestBase(dir) as BaseCheckpoint
    expect(segments(dir).length).toBeGreaterThan(3)
    expect(segments(dir)).toContain(`gate-${String(base.size).padStart(12, '0')}.jsonl`)
    expect(verifyBase(base)).toBe(true)
    expect(base.signer).toEqual(publicKeyEntry(signer.kid, signer.privateKey))
    expect(verifyBase({ ...base, size: base.size + 1 })).toBe(false)
    expect(verifyBase({ ...base, root: '0'.repeat(64) })).toBe(false)
  })

  it('lets a writer start by reading only the segments after it, and continue the chain and the tree', async () => {
    const dir = tempDir()
    const signer = newSigner()
    await rotatedLog(dir, signer, 2)
    const total = segments(dir).length
    const w = await openAuditWriter({ dir, process: 'gate', signer, onWarn: () => undefined })
    expect(w.recovery.base).not.toBeNull()
    expect(w.recovery.segmentsRead).toBe(1)
    expect(total).toBeGreaterThan(5)
    await w.append('decision', { decisionId: 'after' })
    await w.close()
    // Verified whole, from seq 0: the chain and every checkpoint root, and the base agrees with the records.
    const r = await verifyDir(dir, [publicKeyEntry(signer.kid, signer.privateKey)])
    expect(r.faults).toEqual([])
  })

  it('does not read sealed segments at start: a damaged sealed segment does not stop the writer, and verify still finds it', async () => {
    const dir = tempDir()
    const signer = newSigner()
    await rotatedLog(dir, signer)
    const first = join(dir, segments(dir)[0] as string)
    writeFileSync(first, readFileSync(first, 'utf8').replace('"d-0-1"', '"d-0-X"'))
    const w = await openAuditWriter({ dir, process: 'gate', signer, onWarn: () => undefined })
    await w.close()
    expect((await verifyDir(dir)).faults.map((f) => f.kind)).toContain('modified')
  })

  it('lets sealed segments move to an archive: the writer continues, and the live folder verifies from the base', async () => {
    const dir = tempDir()
    const archive = tempDir()
    const signer = newSigner()
    await rotatedLog(dir, signer)
    const base = await newestBase(dir) as BaseCheckpoint
    for (const f of segments(dir)) if (Number(f.slice(5, 17)) < base.size) renameSync(join(dir, f), join(archive, f))
    const w = await openAuditWriter({ dir, process: 'gate', signer, onWarn: () => undefined })
    expect(w.recovery.state.nextSeq).toBeGreaterThan(base.size)
    await w.append('decision', { decisionId: 'after-archive' })
    await w.close()
    const r = await verifyDir(dir, [publicKeyEntry(signer.kid, signer.privateKey)])
    expect(r.faults).toEqual([])
    expect(r.notes.join('\n')).toMatch(/sealed behind a base checkpoint/)
    // The checkpoints after the base are still checked against the whole tree: a base with another
    // tree, even one signed with the writer's own key, is caught by the next checkpoint's root.
    const fake = MerkleFrontier.restore(base.size, base.frontier.map((r) => (r === null ? null : sha256Hex(r))))
    const forged = signBase({ origin: 'gate', size: base.size, root: fake.root(), lastHash: base.lastHash, frontier: fake.roots(), lastCheckpointSeq: base.lastCheckpointSeq }, signer.kid, signer.privateKey)
    writeFileSync(join(dir, baseFileName('gate', base.size)), JSON.stringify(forged))
    expect((await verifyDir(dir)).faults.map((f) => f.kind)).toContain('root-mismatch')
  })

  it('is ignored by a writer with another key (a rotated key): it reads every segment, then writes its own', async () => {
    const dir = tempDir()
    await rotatedLog(dir, newSigner())
    const other = newSigner('audit-2')
    const w = await openAuditWriter({ dir, process: 'gate', signer: other, onWarn: () => undefined })
    expect(w.recovery.base).toBeNull()
    expect(w.recovery.segmentsRead).toBe(segments(dir).length - 1)
    await w.close()
    expect((await newestBase(dir))?.signer.kid).toBe('audit-2')
  })

  it('is skipped when edited (the writer takes the one before it), and verify names it: a bad signature, or a key not trusted', async () => {
    const dir = tempDir()
    const signer = newSigner()
    await rotatedLog(dir, signer)
    const bases = await readBaseFiles(dir, 'gate')
    const newest = bases.at(-1) as BaseCheckpoint
    const path = join(dir, baseFileName('gate', newest.size))
    writeFileSync(path, JSON.stringify({ ...newest, lastCheckpointSeq: 1 }))
    expect(parseBase(readFileSync(path, 'utf8'))).not.toBeNull()
    const w = await openAuditWriter({ dir, process: 'gate', signer, onWarn: () => undefined })
    expect(w.recovery.base).toBe(bases.at(-2)?.size)
    await w.close()
    expect((await verifyDir(dir)).faults.map((f) => f.kind)).toEqual(['bad-signature'])
    writeFileSync(path, JSON.stringify(newest))
    expect((await verifyDir(dir, [publicKeyEntry('x', newSigner().privateKey)])).faults.map((f) => f.kind)).toContain('untrusted-key')
  })

  it('proves a cut: a base that seals more records than the folder holds', async () => {
    const dir = tempDir()
    await rotatedLog(dir, newSigner())
    const cut = tempDir()
    mkdirSync(cut, { recursive: true })
    const segs = segments(dir)
    for (const f of segs.slice(0, -2)) writeFileSync(join(cut, f), readFileSync(join(dir, f)))
    const newest = await newestBase(dir) as BaseCheckpoint
    writeFileSync(join(cut, baseFileName('gate', newest.size)), readFileSync(join(dir, baseFileName('gate', newest.size))))
    const r = await verifyDir(cut)
    expect(r.faults.map((f) => f.kind)).toContain('truncated')
    expect(JSON.stringify(r.faults)).toContain('the base checkpoint seals')
  })
})
