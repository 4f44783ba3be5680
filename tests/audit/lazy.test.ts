/** Lazy records (the gate's outcome, the guard's receipt): written at once, durable with the next sync, never a sync of their own. */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { AuditFs } from '../../src/audit/index.js'
import { nodeAuditFs, openAuditWriter, segmentName, verifyLog } from '../../src/audit/index.js'
import { loadFiles, newSigner, tempDir } from './helpers.js'
import { manualTimers } from './timers.js'

/** A file system that logs each write and fdatasync, and can fail the next fdatasync. */
function recordingFs(): { fs: AuditFs; events: string[]; failNextSync(): void; wrote(n: number): Promise<void> } {
  const events: string[] = []
  let fail = false
  const waiters: { n: number; resolve: () => void }[] = []
  const writes = (): number => events.filter((e) => e === 'write').length
  return {
    events,
    failNextSync: () => void (fail = true),
    wrote: (n) => (writes() >= n ? Promise.resolve() : new Promise((resolve) => waiters.push({ n, resolve }))),
    fs: {
      async openAppend(path) {
        const f = await nodeAuditFs.openAppend(path)
        return {
          write: async (d) => {
            await f.write(d)
            events.push('write')
            for (const w of waiters.filter((x) => x.n <= writes())) w.resolve()
          },
          datasync: async () => {
            events.push('datasync')
            if (fail) {
              fail = false
              throw Object.assign(new Error('EIO: the disk lost it'), { code: 'EIO' })
            }
            await f.datasync()
          },
          close: () => f.close(),
        }
      },
      syncDir: nodeAuditFs.syncDir,
    },
  }
}

/** Every microtask queued so far has run (setImmediate runs after the microtask queue drains). */
const afterMicrotasks = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

const lines = (dir: string): string[] => readFileSync(join(dir, segmentName('gate', 0)), 'utf8').split('\n').filter((l) => l !== '')

describe('lazy audit records', () => {
  it('are written at once but take no fdatasync of their own: the next waited record\'s sync makes them durable', async () => {
    const dir = tempDir()
    const r = recordingFs()
    const timers = manualTimers()
    const w = await openAuditWriter({ dir, process: 'gate', signer: newSigner(), fs: r.fs, timers })
    r.events.length = 0
    const acks: string[] = []
    const lazy = w.append('forward', { decisionId: 'd-1', status: 200 }, { lazy: true }).then(() => acks.push('forward'))
    await r.wrote(1)
    // In the file (a killed process loses none of it), not yet synced, not yet acknowledged.
    expect(lines(dir).at(-1)).toContain('"decisionId":"d-1"')
    expect(r.events).toEqual(['write'])
    expect(acks).toEqual([])
    await w.append('decision', { decisionId: 'd-2' }).then(() => acks.push('decision'))
    await lazy
    expect(r.events).toEqual(['write', 'write', 'datasync'])
    expect(acks.sort()).toEqual(['decision', 'forward'])
    await w.close()
    expect(verifyLog(loadFiles(dir)).faults).toEqual([])
  })

  it('are synced within lazySyncMs when no waited record comes to carry them', async () => {
    const dir = tempDir()
    const r = recordingFs()
    const timers = manualTimers()
    const w = await openAuditWriter({ dir, process: 'gate', signer: newSigner(), fs: r.fs, timers, lazySyncMs: 250 })
    r.events.length = 0
    let acked = false
    const lazy = w.append('forward', { decisionId: 'd-1', status: 200 }, { lazy: true }).then(() => (acked = true))
    await r.wrote(1)
    await afterMicrotasks() // the flush that wrote it has finished (and armed its timer)
    await timers.advance(249)
    expect(r.events).toEqual(['write'])
    expect(acked).toBe(false)
    await timers.advance(1)
    await lazy
    expect(r.events).toEqual(['write', 'datasync'])
    await w.close()
  })

  it('fail with the sync that was to cover them: every record it covered is refused, the lazy one too', async () => {
    const dir = tempDir()
    const r = recordingFs()
    const w = await openAuditWriter({ dir, process: 'gate', signer: newSigner(), fs: r.fs, timers: manualTimers(), onFatal: () => undefined })
    const lazy = w.append('forward', { decisionId: 'd-1', status: 200 }, { lazy: true })
    await r.wrote(2) // start, then the forward record
    r.failNextSync()
    const waited = w.append('decision', { decisionId: 'd-2' })
    await expect(waited).rejects.toMatchObject({ code: 'ERR_AUDIT_UNAVAILABLE' })
    await expect(lazy).rejects.toMatchObject({ code: 'ERR_AUDIT_UNAVAILABLE' })
    expect(w.failed).not.toBeNull()
    await w.close().catch(() => undefined)
  })

  it('are made durable by close(), whose final checkpoint covers them', async () => {
    const dir = tempDir()
    const r = recordingFs()
    const timers = manualTimers()
    const w = await openAuditWriter({ dir, process: 'gate', signer: newSigner(), fs: r.fs, timers })
    const lazy = w.append('forward', { decisionId: 'd-1', status: 200 }, { lazy: true })
    await r.wrote(2)
    await w.close()
    await lazy
    expect(r.events.at(-1)).toBe('datasync')
    expect(timers.armed()).toBe(0)
    expect(lines(dir).map((l) => (JSON.parse(l) as { type: string }).type)).toEqual(['start', 'forward', 'stop', 'checkpoint'])
  })
})
