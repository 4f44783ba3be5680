/**
 * A full disk, on a real filesystem (a small tmpfs filled to the last byte): the writer refuses every
 * append while there is no room, then takes the log up again by itself once there is, with the log's
 * recovery rules (a torn tail cut and saved, a `recovery` record marked `resumed`, then `start`), and
 * the log verifies. A failed fdatasync stays a failure for good. Timers are driven by hand.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { AuditFs } from '../../src/audit/index.js'
import { nodeAuditFs, openAuditWriter, readRecords, segmentName, verifyLog } from '../../src/audit/index.js'
import { fillDisk, tryMountTmpfs, unmountAll } from '../helpers/tmpfs.js'
import { loadFiles, newSigner, tempDir } from './helpers.js'
import { manualTimers } from './timers.js'

afterAll(unmountAll)

const pad = 'x'.repeat(1500)

/** A log directory on its own full tmpfs, or undefined without mount rights. */
function fullDisk(): { disk: string; log: string } | undefined {
  const disk = tempDir('verbatim-full-recovery-')
  if (!tryMountTmpfs(disk, '256k')) return undefined
  const log = join(disk, 'log')
  mkdirSync(log)
  return { disk, log }
}

describe('audit writer on a full disk: refuses, then resumes by itself once there is room', () => {
  it('resumes after space returns: appends are durable again, nothing acknowledged is lost, and the log verifies', async (ctx) => {
    const d = fullDisk()
    if (d === undefined) return ctx.skip()
    const timers = manualTimers()
    const events: string[] = []
    const w = await openAuditWriter({
      dir: d.log, process: 'gate', signer: newSigner(), timers, recoverCheckMs: 1000, groupCommitDelayMs: 0,
      onFatal: (e, recovering) => events.push(`fatal ${(e as NodeJS.ErrnoException).code} recovering=${recovering}`),
      onRecover: () => events.push('recovered'), onWarn: (m) => events.push(`warn ${m.slice(0, 40)}`),
    })
    const acked: string[] = []
    for (let i = 0; i < 20; i++) await w.append('decision', { decisionId: `before-${i}`, pad }).then(() => acked.push(`before-${i}`))
    fillDisk(d.disk)
    let err: unknown = null
    for (let i = 0; i < 200 && err === null; i++) await w.append('decision', { decisionId: `full-${i}`, pad }).then(() => acked.push(`full-${i}`), (e: unknown) => { err = e })
    expect(err).toMatchObject({ code: 'ERR_AUDIT_UNAVAILABLE' })
    expect([w.failed !== null, w.recovering]).toEqual([true, true])
    expect(events).toEqual(['fatal ENOSPC recovering=true'])
    // Still full: each look finds no room and nothing is tried (no torn copies pile up).
    await timers.advance(5_000)
    await expect(w.append('decision', { decisionId: 'still-full' })).rejects.toMatchObject({ code: 'ERR_AUDIT_UNAVAILABLE' })
    expect(readdirSync(d.log).filter((f) => f.includes('.torn-'))).toEqual([])
    rmSync(join(d.disk, 'filler'))
    await timers.advance(1_000)
    expect(events.at(-1)).toBe('recovered')
    expect([w.failed, w.recovering]).toEqual([null, false])
    await w.append('decision', { decisionId: 'after' })
    acked.push('after')
    await w.close()
    const report = verifyLog(loadFiles(d.log))
    expect(report.faults).toEqual([])
    const records = await readRecords(d.log)
    const ids = new Set(records.map((r) => r.decisionId))
    expect(acked.filter((id) => !ids.has(id))).toEqual([])
    // The recovery is on the record: marked resumed, followed by a start; the log ends cleanly.
    const i = records.findIndex((r) => r.type === 'recovery')
    expect([records[i]?.['resumed'], records[i + 1]?.type, records.at(-2)?.type, records.at(-1)?.type]).toEqual([true, 'start', 'stop', 'checkpoint'])
  })

  it('a stop once there is room closes the log cleanly, even before the next look', async (ctx) => {
    const d = fullDisk()
    if (d === undefined) return ctx.skip()
    const w = await openAuditWriter({ dir: d.log, process: 'gate', signer: newSigner(), timers: manualTimers(), onWarn: () => {} })
    fillDisk(d.disk)
    let failed = false
    for (let i = 0; i < 400 && !failed; i++) await w.append('decision', { decisionId: `d-${i}`, pad }).catch(() => (failed = true))
    expect(w.recovering).toBe(true)
    rmSync(join(d.disk, 'filler'))
    await w.close()
    const records = await readRecords(d.log)
    expect([records.at(-2)?.type, records.at(-1)?.type]).toEqual(['stop', 'checkpoint'])
    expect(verifyLog(loadFiles(d.log)).faults).toEqual([])
  })

  it('a stop while there is still no room fails (the log ends without stop: the next start recovers it) and frees the lock', async () => {
    const dir = tempDir()
    // The segment the writer rotates to (and would resume in) is /dev/full: every write there is ENOSPC.
    symlinkSync('/dev/full', join(dir, segmentName('gate', 2)))
    const w = await openAuditWriter({ dir, process: 'gate', signer: newSigner(), segmentMaxBytes: 1, timers: manualTimers(), onWarn: () => {} })
    await expect(w.append('decision', { decisionId: 'd-1' })).rejects.toMatchObject({ code: 'ERR_AUDIT_UNAVAILABLE' })
    expect(w.recovering).toBe(true)
    await expect(w.close()).rejects.toMatchObject({ code: 'ERR_AUDIT_UNAVAILABLE' })
    expect(existsSync(join(dir, 'gate.lock'))).toBe(false)
  })

  it('a failed fdatasync is a failure for good: not recovering, whatever the disk says', async () => {
    let syncs = 0
    const fs: AuditFs = {
      async openAppend(path) {
        const f = await nodeAuditFs.openAppend(path)
        return { write: (b) => f.write(b), close: () => f.close(), datasync: async () => { if (++syncs >= 2) throw Object.assign(new Error('EIO: injected'), { code: 'EIO' }); await f.datasync() } }
      },
      syncDir: nodeAuditFs.syncDir,
    }
    const timers = manualTimers()
    const seen: boolean[] = []
    const w = await openAuditWriter({ dir: tempDir(), process: 'gate', signer: newSigner(), fs, timers, onFatal: (_e, r) => seen.push(r) })
    await expect(w.append('decision', { decisionId: 'x' })).rejects.toMatchObject({ code: 'ERR_AUDIT_UNAVAILABLE' })
    await timers.advance(60_000)
    expect([w.failed !== null, w.recovering, seen]).toEqual([true, false, [false]])
    await expect(w.close()).rejects.toMatchObject({ code: 'ERR_AUDIT_UNAVAILABLE' })
  })
})
