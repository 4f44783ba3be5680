import { execFileSync } from 'node:child_process'
import { mkdirSync, rmSync, symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { AuditFs } from '../../src/audit/index.js'
import { nodeAuditFs, openAuditWriter, segmentName, verifyLog } from '../../src/audit/index.js'
import { loadFiles, newSigner, tempDir } from './helpers.js'
import { tryMountTmpfs, unmountAll } from '../helpers/tmpfs.js'

/** Real fs, except that datasync fails with `code` from the n-th call on. */
function failingFs(code: string, failFrom: number): AuditFs & { datasyncs: number } {
  const state = { datasyncs: 0 }
  const fs: AuditFs & { datasyncs: number } = {
    get datasyncs() { return state.datasyncs },
    async openAppend(path) {
      const f = await nodeAuditFs.openAppend(path)
      return {
        write: (d) => f.write(d),
        datasync: async () => {
          state.datasyncs++
          if (state.datasyncs >= failFrom) throw Object.assign(new Error(`${code}: injected`), { code })
          await f.datasync()
        },
        close: () => f.close(),
      }
    },
    syncDir: nodeAuditFs.syncDir,
  }
  return fs
}

afterAll(unmountAll)

describe('audit writer failure: fail closed, never retried', () => {
  it('rejects the batch and every later append after an fdatasync error (EIO), and calls onFatal once', async () => {
    const fs = failingFs('EIO', 2)
    const fatal: Error[] = []
    const w = await openAuditWriter({ dir: tempDir(), process: 'gate', signer: newSigner(), fs, onFatal: (e) => fatal.push(e), groupCommitDelayMs: 0 })
    const a = w.append('decision', { decisionId: 'd-1' })
    const b = w.append('decision', { decisionId: 'd-2' })
    await expect(a).rejects.toMatchObject({ code: 'ERR_AUDIT_UNAVAILABLE', status: 503 })
    await expect(b).rejects.toMatchObject({ code: 'ERR_AUDIT_UNAVAILABLE', status: 503 })
    await expect(w.append('decision', { decisionId: 'd-3' })).rejects.toMatchObject({ code: 'ERR_AUDIT_UNAVAILABLE' })
    expect(w.failed).toMatchObject({ code: 'EIO' })
    expect(fatal).toHaveLength(1)
    expect(fs.datasyncs).toBe(2) // the failed fdatasync was not retried
    await expect(w.close()).rejects.toMatchObject({ code: 'ERR_AUDIT_UNAVAILABLE' })
  })

  it('refuses to open when the start record cannot be made durable', async () => {
    await expect(openAuditWriter({ dir: tempDir(), process: 'gate', signer: newSigner(), fs: failingFs('EIO', 1) }))
      .rejects.toMatchObject({ code: 'ERR_AUDIT_UNAVAILABLE' })
  })

  it('fails closed on a real ENOSPC when the next segment is /dev/full', async () => {
    const dir = tempDir()
    // segmentMaxBytes 1: start, checkpoint in segment 0, then rotation to the segment named for seq 2.
    symlinkSync('/dev/full', join(dir, segmentName('gate', 2)))
    const fatal: Error[] = []
    const w = await openAuditWriter({ dir, process: 'gate', signer: newSigner(), segmentMaxBytes: 1, onFatal: (e) => fatal.push(e) })
    const err = await w.append('decision', { decisionId: 'd-1' }).catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'ERR_AUDIT_UNAVAILABLE', status: 503 })
    expect((err as Error).cause).toMatchObject({ code: 'ENOSPC' })
    expect(fatal).toHaveLength(1)
    await expect(w.append('decision', { decisionId: 'd-2' })).rejects.toMatchObject({ code: 'ERR_AUDIT_UNAVAILABLE' })
  })

  it('fails closed when a small real disk (tmpfs) fills, and the log verifies after space is freed', async (ctx) => {
    const dir = tempDir('verbatim-audit-tmpfs-')
    if (!tryMountTmpfs(dir, '128k')) {
      ctx.skip() // needs mount rights; the /dev/full test above covers ENOSPC without them
      return
    }
    const logDir = join(dir, 'log')
    mkdirSync(logDir)
    const signer = newSigner()
    const w = await openAuditWriter({ dir: logDir, process: 'gate', signer, checkpointEvery: 50, groupCommitDelayMs: 0 })
    const pad = 'x'.repeat(2000)
    let acked = 0
    let err: unknown = null
    for (let i = 0; i < 1000 && err === null; i++) {
      await w.append('decision', { decisionId: `d-${i}`, pad }).then(() => { acked++ }, (e: unknown) => { err = e })
    }
    expect(err).toMatchObject({ code: 'ERR_AUDIT_UNAVAILABLE', status: 503 })
    expect((err as Error).cause).toMatchObject({ code: 'ENOSPC' })
    expect(acked).toBeGreaterThan(10)
    await expect(w.append('decision', { decisionId: 'after' })).rejects.toMatchObject({ code: 'ERR_AUDIT_UNAVAILABLE' })
    await w.close().catch(() => {}) // releases the fd so the disk can be unmounted
    // Free space by moving the log off the full disk, then reopen: the torn tail is cut, the chain continues.
    const moved = tempDir()
    execFileSync('cp', ['-a', `${logDir}/.`, moved])
    rmSync(logDir, { recursive: true })
    const w2 = await openAuditWriter({ dir: moved, process: 'gate', signer, onWarn: () => {} })
    await w2.close()
    const report = verifyLog(loadFiles(moved))
    expect(report.faults.filter((f) => f.kind !== 'recovery-cut')).toEqual([])
    const decisions = loadFiles(moved).flatMap((f) => f.text.split('\n')).filter((l) => l.includes('"type":"decision"'))
    expect(decisions.length).toBeGreaterThanOrEqual(acked) // nothing acknowledged was lost
  })
})
