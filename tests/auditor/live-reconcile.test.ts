/** Reconcile on logs a running gate and guard keep writing: a consistent snapshot, zero false alarms. */
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { appendFileSync, writeFileSync } from 'node:fs'
import { lastSeq, openAuditWriter, scanLog, segmentName, snapshotPath } from '../../src/audit/index.js'
import type { LogSnapshot } from '../../src/audit/index.js'
import { reconcilePaths } from '../../src/auditor/index.js'
import type { ReconcileRun } from '../../src/auditor/index.js'
import { fakeClock, newSigner, tempDir } from '../audit/helpers.js'
import { startStack } from '../helpers/stack.js'
import type { Stack } from '../helpers/stack.js'

let stack: Stack
beforeAll(async () => {
  stack = await startStack()
})
afterAll(async () => {
  await stack.close()
})

const violations = (run: ReconcileRun): Record<string, number> =>
  Object.fromEntries(Object.entries(run.result.counts).filter(([c, n]) => c !== 'ok' && n > 0))

describe('audit reconcile on live logs', () => {
  it('reports zero violations and zero integrity faults every time, reconciling again and again under load', async () => {
    const approved = join(stack.dir, 'approved')
    const executed = join(stack.dir, 'executed')
    let stop = false
    let calls = 0
    const worker = async (w: number): Promise<void> => {
      for (let i = 0; !stop; i++) {
        const res = await stack.call('fs.read', JSON.stringify({ path: `/w/${w}/${i}` }))
        expect(res.status).toBe(200)
        await res.arrayBuffer()
        calls++
      }
    }
    const load = [0, 1, 2, 3, 4, 5, 6, 7].map(worker)
    const runs: ReconcileRun[] = []
    try {
      // Each reconcile runs while eight agents keep calling: decisions and executions land between its reads.
      for (let i = 0; i < 20 || runs.at(-1)?.result.counts.ok === 0; i++) {
        runs.push(await reconcilePaths({ approved: [approved], executed: [executed], graceMs: 60_000, now: Date.now() }))
      }
    } finally {
      stop = true
      await Promise.all(load)
    }
    for (const run of runs) {
      expect(violations(run)).toEqual({})
      expect(run.integrity.flatMap((i) => i.report.faults)).toEqual([])
    }
    // The runs saw the logs grow: each later one joined more pairs.
    const oks = runs.map((r) => r.result.counts.ok)
    expect(oks.at(-1)).toBeGreaterThan(oks[0] as number)
    expect(calls).toBeGreaterThan(0)
    // Calls still in flight when a reconcile read are pending, never a class; stopped, nothing is.
    expect(runs.every((r) => r.result.attention === 0 && r.result.violations === 0)).toBe(true)
    // The gate's probes at start reached the guard and are labelled, not counted as refusals.
    expect(runs.at(-1)?.result.probes).toBeGreaterThan(0)
    expect(runs.at(-1)?.result.rejectedByGuard).toBe(0)
  })

  it('reads a log only up to the sizes its snapshot recorded, whatever the writer appends after', async () => {
    const dir = tempDir()
    const w = await openAuditWriter({ dir, process: 'guard', signer: newSigner(), now: fakeClock() })
    await w.append('execution', { decisionId: 'before', status: 'accepted' })
    const [log] = await snapshotPath(dir)
    await w.append('execution', { decisionId: 'after', status: 'accepted' })
    const ids: unknown[] = []
    const report = await scanLog(log as LogSnapshot, { live: true, onRecord: (r) => ids.push(r['decisionId']) })
    expect(ids.filter((x) => x !== undefined)).toEqual(['before'])
    expect(report.faults).toEqual([])
    await w.close()
  })
})

describe('lastSeq: where a snapshot of a live log ends', () => {
  it('is the seq of the last whole record: a torn tail, an empty newest segment and a long last record do not move it', async () => {
    const dir = tempDir()
    const w = await openAuditWriter({ dir, process: 'guard', signer: newSigner(), now: fakeClock() })
    await w.append('execution', { decisionId: 'a', status: 'accepted' })
    const { seq } = await w.append('execution', { decisionId: 'b', status: 'accepted', pad: 'x'.repeat(200_000) })
    const [log] = await snapshotPath(dir)
    expect(await lastSeq(log as LogSnapshot)).toBe(seq)
    // A write in progress: half a line after the last newline.
    appendFileSync(`${dir}/${segmentName('guard', 0)}`, '{"v":1,"seq":99')
    const [torn] = await snapshotPath(dir)
    expect(await lastSeq(torn as LogSnapshot)).toBe(seq)
    // A segment just opened by a rotation, still empty.
    writeFileSync(`${dir}/${segmentName('guard', seq + 1)}`, '')
    const [rotated] = await snapshotPath(dir)
    expect(rotated?.segments).toHaveLength(2)
    expect(await lastSeq(rotated as LogSnapshot)).toBe(seq)
    await w.close().catch(() => undefined)
    expect(await lastSeq({ ...(log as LogSnapshot), segments: [] })).toBe(-1)
  })
})
