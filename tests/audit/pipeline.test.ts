import { describe, expect, it } from 'vitest'
import { nodeAuditFs, openAuditWriter } from '../../src/audit/index.js'
import type { AuditFs } from '../../src/audit/index.js'
import { newSigner, tempDir } from './helpers.js'

/**
 * Real fs whose datasync can be held open and then released or failed, once armed. `nextSynced`
 * resolves when the next datasync that is not held has finished: the tests wait on events, never on time.
 */
function holdingFs(): { fs: AuditFs; arm: () => void; started: () => Promise<void>; nextSynced: () => Promise<void>; release: (err?: Error) => void } {
  let armed = false
  let held: { release: (err?: Error) => void } | undefined
  let onStart: (() => void) | undefined
  let onSynced: (() => void) | undefined
  const fs: AuditFs = {
    async openAppend(path) {
      const f = await nodeAuditFs.openAppend(path)
      return {
        write: (d) => f.write(d),
        datasync: async () => {
          if (armed && held === undefined) {
            armed = false
            const gate = new Promise<void>((resolve, reject) => (held = { release: (err) => (err ? reject(err) : resolve()) }))
            onStart?.()
            await gate
            await f.datasync()
            return
          }
          await f.datasync()
          onSynced?.()
        },
        close: () => f.close(),
      }
    },
    syncDir: nodeAuditFs.syncDir,
  }
  return {
    fs,
    arm: () => (armed = true),
    started: () => new Promise<void>((r) => (onStart = r)),
    nextSynced: () => new Promise<void>((r) => (onSynced = r)),
    release: (err) => held?.release(err),
  }
}

describe('audit writer: pipelined group commit', () => {
  it('overlaps syncs but acknowledges in order: a later batch waits for every earlier sync', async () => {
    const h = holdingFs()
    const w = await openAuditWriter({ dir: tempDir(), process: 'gate', signer: newSigner(), fs: h.fs })
    h.arm()
    const started = h.started()
    const order: string[] = []
    const a = w.append('decision', { decisionId: 'a' }).then(() => order.push('a'))
    await started // a is written, its sync is held
    const bSynced = h.nextSynced()
    const b = w.append('decision', { decisionId: 'b' }).then(() => order.push('b'))
    await bSynced
    await new Promise(setImmediate) // one turn: the writer has seen b's sync finish
    expect(order).toEqual([]) // b's own sync is done, but a's is not
    expect(w.stats.fsyncs).toBeGreaterThanOrEqual(2) // start record + b; a still held
    h.release()
    await Promise.all([a, b])
    expect(order).toEqual(['a', 'b'])
    await w.close()
  })

  it('fails a later batch whose own sync succeeded when an earlier sync failed', async () => {
    const h = holdingFs()
    const w = await openAuditWriter({ dir: tempDir(), process: 'gate', signer: newSigner(), fs: h.fs })
    h.arm()
    const started = h.started()
    const a = w.append('decision', { decisionId: 'a' }).catch((e: unknown) => e)
    await started
    const bSynced = h.nextSynced()
    const b = w.append('decision', { decisionId: 'b' }).catch((e: unknown) => e)
    await bSynced // b's own sync succeeded; a's is still held
    h.release(Object.assign(new Error('EIO: injected'), { code: 'EIO' }))
    expect(await a).toMatchObject({ code: 'ERR_AUDIT_UNAVAILABLE' })
    expect(await b).toMatchObject({ code: 'ERR_AUDIT_UNAVAILABLE' })
    expect(w.failed).toMatchObject({ code: 'EIO' })
    await expect(w.append('decision', { decisionId: 'c' })).rejects.toMatchObject({ code: 'ERR_AUDIT_UNAVAILABLE' })
  })
})
