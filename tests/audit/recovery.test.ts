import { appendFileSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { AuditRecord } from '../../src/audit/index.js'
import { openAuditWriter, segmentName, verifyLog } from '../../src/audit/index.js'
import { fakeClock, loadFiles, newSigner, tempDir } from './helpers.js'

const seg0 = (dir: string): string => join(dir, segmentName('gate', 0))
const records = (dir: string): AuditRecord[] =>
  loadFiles(dir).flatMap((f) => f.text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as AuditRecord))

/** Appends n decisions and abandons the writer without close: a crash as far as the log can tell. */
async function crashAfter(dir: string, n: number, checkpointEvery = 1000): Promise<ReturnType<typeof newSigner>> {
  const signer = newSigner()
  const w = await openAuditWriter({ dir, process: 'gate', signer, now: fakeClock(), checkpointEvery, groupCommitDelayMs: 0 })
  for (let i = 0; i < n; i++) await w.append('decision', { decisionId: `d-${i}` })
  return signer
}

describe('audit recovery on start', () => {
  it('cuts a torn half line, records what was cut, and the chain continues', async () => {
    const dir = tempDir()
    const signer = await crashAfter(dir, 3)
    const half = '{"decisionId":"d-3","hash":"ab'
    appendFileSync(seg0(dir), half)
    const warnings: string[] = []
    const w = await openAuditWriter({ dir, process: 'gate', signer, onWarn: (m) => warnings.push(m) })
    expect(w.recovery.cut).toMatchObject({ cutBytes: half.length, cutRecords: 0, cutCheckpoints: 0 })
    await w.append('decision', { decisionId: 'd-after' })
    await w.close()
    expect(warnings).toEqual([])
    expect(readFileSync(seg0(dir), 'utf8').endsWith('\n')).toBe(true)
    expect(readFileSync(`${w.recovery.cut?.savedAs}`, 'utf8')).toBe(half)
    const rec = records(dir).find((r) => r.type === 'recovery')
    expect(rec).toMatchObject({ seq: 4, lastSeq: 3, cutBytes: half.length, cutRecords: 0, clean: false })
    const report = verifyLog(loadFiles(dir))
    expect(report.faults).toEqual([])
    expect(report.recoveries).toBe(1)
  })

  it('writes a recovery record after a crash on a line boundary, with nothing cut', async () => {
    const dir = tempDir()
    const signer = await crashAfter(dir, 2)
    const w = await openAuditWriter({ dir, process: 'gate', signer })
    expect(w.recovery.cut).toBeUndefined()
    await w.close()
    const types = records(dir).map((r) => r.type)
    expect(types.slice(0, 5)).toEqual(['start', 'decision', 'decision', 'recovery', 'start'])
    expect(verifyLog(loadFiles(dir)).faults).toEqual([])
  })

  it('warns loudly when the cut reaches below the last checkpoint, and verify reports it', async () => {
    const dir = tempDir()
    const signer = await crashAfter(dir, 6, 2)
    const lines = readFileSync(seg0(dir), 'utf8').split('\n')
    lines[3] = (lines[3] as string).replace('d-1', 'd-X') // seq 3 no longer matches its hash
    writeFileSync(seg0(dir), lines.join('\n'))
    const warnings: string[] = []
    const w = await openAuditWriter({ dir, process: 'gate', signer, onWarn: (m) => warnings.push(m) })
    await w.close()
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toContain('below the last checkpoint')
    expect(w.recovery.cut?.cutCheckpoints).toBeGreaterThan(0)
    const faults = verifyLog(loadFiles(dir)).faults
    expect(faults).toEqual([expect.objectContaining({ kind: 'recovery-cut' })])
  })

  it('refuses to open when an earlier, rotated segment does not chain and no base checkpoint seals it', async () => {
    const dir = tempDir()
    const signer = newSigner()
    const w = await openAuditWriter({ dir, process: 'gate', signer, segmentMaxBytes: 600, groupCommitDelayMs: 0 })
    for (let i = 0; i < 6; i++) await w.append('decision', { decisionId: `d-${i}` })
    await w.close()
    const text = readFileSync(seg0(dir), 'utf8')
    writeFileSync(seg0(dir), text.replace('"type":"start"', '"type":"stop"'))
    for (const f of readdirSync(dir)) if (f.endsWith('.base.json')) rmSync(join(dir, f))
    await expect(openAuditWriter({ dir, process: 'gate', signer })).rejects.toMatchObject({ code: 'ERR_AUDIT_UNAVAILABLE' })
  })
})
