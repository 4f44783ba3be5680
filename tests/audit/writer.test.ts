import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { AuditFs } from '../../src/audit/index.js'
import { GENESIS_HASH, jcs, merkleRoot, nodeAuditFs, openAuditWriter, parseLine, segmentName, verifyLog } from '../../src/audit/index.js'
import { fakeClock, loadFiles, newSigner, tempDir, writeLog } from './helpers.js'
import { manualTimers } from './timers.js'

function lines(dir: string, name = segmentName('gate', 0)): string[] {
  return readFileSync(join(dir, name), 'utf8').split('\n').filter((l) => l !== '')
}

describe('audit writer', () => {
  it('writes RFC 8785 lines chained by prev from the genesis hash', async () => {
    const dir = tempDir()
    await writeLog(dir, 3)
    const ls = lines(dir)
    const recs = ls.map((l) => parseLine(l))
    expect(recs.every((p) => p.ok)).toBe(true)
    const rs = recs.map((p) => (p.ok ? p.record : null)!)
    expect(rs.map((r) => r.type)).toEqual(['start', 'decision', 'decision', 'decision', 'checkpoint', 'stop', 'checkpoint'])
    expect(rs[0]?.prev).toBe(GENESIS_HASH)
    for (let i = 1; i < rs.length; i++) expect(rs[i]?.prev).toBe(rs[i - 1]?.hash)
    for (const [i, l] of ls.entries()) expect(l).toBe(jcs(rs[i]))
  })

  it('signs checkpoints whose root is the RFC 9162 root of every earlier record', async () => {
    const dir = tempDir()
    await writeLog(dir, 9)
    const rs = lines(dir).map((l) => JSON.parse(l) as { type: string; seq: number; hash: string; size?: number; root?: string })
    const cps = rs.filter((r) => r.type === 'checkpoint')
    expect(cps.length).toBe(3)
    for (const cp of cps) {
      expect(cp.size).toBe(cp.seq)
      expect(cp.root).toBe(merkleRoot(rs.slice(0, cp.seq).map((r) => r.hash)))
    }
    expect(verifyLog(loadFiles(dir)).faults).toEqual([])
  })

  it('resolves an append only after the fdatasync that covers it', async () => {
    const dir = tempDir()
    const events: string[] = []
    const fs: AuditFs = {
      async openAppend(path) {
        const f = await nodeAuditFs.openAppend(path)
        return {
          write: async (d) => { events.push(`write ${d.length}`); await f.write(d) },
          datasync: async () => { events.push('datasync'); await f.datasync() },
          close: () => f.close(),
        }
      },
      syncDir: nodeAuditFs.syncDir,
    }
    const w = await openAuditWriter({ dir, process: 'gate', signer: newSigner(), fs, groupCommitDelayMs: 0 })
    events.length = 0
    const p = w.append('decision', { decisionId: 'd-1' }).then((r) => { events.push(`ack ${r.seq}`) })
    await p
    expect(events).toEqual([expect.stringMatching(/^write \d+$/), 'datasync', 'ack 1'])
    await w.close()
  })

  it('group-commits concurrent appends into one write and one fdatasync', async () => {
    const dir = tempDir()
    const w = await openAuditWriter({ dir, process: 'gate', signer: newSigner(), checkpointEvery: 10_000 })
    const before = { ...w.stats }
    const acks = await Promise.all(Array.from({ length: 200 }, (_, i) => w.append('decision', { decisionId: `d-${i}` })))
    expect(acks.map((a) => a.seq)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1))
    expect(w.stats.fsyncs - before.fsyncs).toBe(1)
    expect(w.stats.records - before.records).toBe(200)
    await w.close()
    expect(verifyLog(loadFiles(dir)).faults).toEqual([])
  })

  it('rejects a field that reuses an envelope key, and writer-only record types', async () => {
    const w = await openAuditWriter({ dir: tempDir(), process: 'gate', signer: newSigner() })
    await expect(w.append('decision', { seq: 7 })).rejects.toMatchObject({ code: 'ERR_INTERNAL' })
    await expect(w.append('checkpoint', {})).rejects.toMatchObject({ code: 'ERR_INTERNAL' })
    expect(w.failed).toBeNull()
    await w.close()
  })

  it('refuses appends after close with ERR_AUDIT_UNAVAILABLE', async () => {
    const w = await openAuditWriter({ dir: tempDir(), process: 'gate', signer: newSigner() })
    await w.close()
    await expect(w.append('decision', { decisionId: 'late' })).rejects.toMatchObject({ code: 'ERR_AUDIT_UNAVAILABLE', status: 503 })
  })

  it('rotates segments, each ending in a checkpoint, and the directory verifies', async () => {
    const dir = tempDir()
    await writeLog(dir, 30, { segmentMaxBytes: 1500, checkpointEvery: 1000 })
    const names = readdirSync(dir).filter((n) => n.endsWith('.jsonl')).sort()
    expect(names.length).toBeGreaterThan(2)
    for (const n of names) expect(JSON.parse(lines(dir, n).at(-1) as string).type).toBe('checkpoint')
    expect(verifyLog(loadFiles(dir)).faults).toEqual([])
  })

  it('continues the chain after a clean restart without a recovery record', async () => {
    const dir = tempDir()
    const signer = await writeLog(dir, 2)
    await writeLog(dir, 2, { signer })
    const report = verifyLog(loadFiles(dir))
    expect(report.faults).toEqual([])
    expect(report.recoveries).toBe(0)
  })

  it('checkpoints on the injected timer when records wait unsigned, and not before', async () => {
    const dir = tempDir()
    const timers = manualTimers()
    const w = await openAuditWriter({ dir, process: 'gate', signer: newSigner(), checkpointIntervalMs: 10_000, checkpointEvery: 1000, now: fakeClock(), timers })
    await w.append('decision', { decisionId: 'd-1' })
    await timers.advance(9_999)
    expect(types(dir)).toEqual(['start', 'decision'])
    await timers.advance(1)
    expect(types(dir)).toEqual(['start', 'decision', 'checkpoint'])
    await w.close()
    expect(verifyLog(loadFiles(dir)).faults).toEqual([])
  })

  it('writes no timer checkpoint while nothing waits unsigned', async () => {
    const dir = tempDir()
    const timers = manualTimers()
    const w = await openAuditWriter({ dir, process: 'gate', signer: newSigner(), checkpointIntervalMs: 1000, now: fakeClock(), timers })
    await timers.advance(1000)
    expect(types(dir)).toEqual(['start', 'checkpoint'])
    await timers.advance(5000)
    expect(types(dir)).toEqual(['start', 'checkpoint'])
    await w.append('decision', { decisionId: 'd-1' })
    await timers.advance(1000)
    expect(types(dir)).toEqual(['start', 'checkpoint', 'decision', 'checkpoint'])
    await w.close()
  })

  it('disarms its timer on close', async () => {
    const timers = manualTimers()
    const w = await openAuditWriter({ dir: tempDir(), process: 'gate', signer: newSigner(), timers })
    expect(timers.armed()).toBe(1)
    await w.close()
    expect(timers.armed()).toBe(0)
  })

  it('holds a write for groupCommitDelayMs on the injected timer', async () => {
    const dir = tempDir()
    const timers = manualTimers()
    const opening = openAuditWriter({ dir, process: 'gate', signer: newSigner(), groupCommitDelayMs: 5, now: fakeClock(), timers })
    await timers.untilArmed(2) // the checkpoint interval, then the delay before the start record's write
    await timers.advance(4)
    expect(readdirSync(dir).filter((n) => n.endsWith('.jsonl'))).toEqual([])
    await timers.advance(1)
    const w = await opening
    expect(types(dir)).toEqual(['start'])
    const closing = w.close()
    await timers.untilArmed(3) // close's stop and final checkpoint wait for the delay too
    await timers.advance(5)
    await closing
    expect(types(dir)).toEqual(['start', 'stop', 'checkpoint'])
  })
})

function types(dir: string): string[] {
  return lines(dir).map((l) => (JSON.parse(l) as { type: string }).type)
}
