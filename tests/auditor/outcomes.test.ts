/**
 * Reconcile accounts for every approved call from the logs alone: refused by a guard, never delivered,
 * accepted while the executor was down, run while the agent was told it failed, still in flight. The
 * answer (classes, verdict, exit status) is a pure function of the logs: the auditor's clock changes
 * nothing, so the same logs read the same at stop, ten minutes later and a day later.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { openAuditWriter, snapshotPaths } from '../../src/audit/index.js'
import type { LogSnapshot } from '../../src/audit/index.js'
import { reconcilePaths } from '../../src/auditor/index.js'
import type { ReconcileRun } from '../../src/auditor/index.js'
import { runCli } from '../helpers/cli.js'
import { newSigner, tempDir } from '../audit/helpers.js'
import { EXPECTED, EXPIRES, T0, makeOutcomeLogs } from './outcome-fixture.js'

const logs = await makeOutcomeLogs()
afterAll(() => logs.close())

/** The auditor's clocks: at stop (every binding still valid), ten minutes after expiry, a day later. */
const CLOCKS = { 'at stop': T0 + 5_000, 'ten minutes later': EXPIRES * 1000 + 600_000, 'a day later': T0 + 86_400_000 }

const classes = (run: ReconcileRun): Record<string, string> =>
  Object.fromEntries(run.result.items.map((i) => [i.decisionId ?? '(none)', i.class]))

async function at(now: number, decision?: string): Promise<ReconcileRun> {
  return reconcilePaths({
    approved: [logs.gateDir], executed: [logs.guardDir], graceMs: 60_000, now, keepOk: true,
    ...(decision === undefined ? {} : { filter: (v) => v.decisionId === decision }),
  })
}

describe('reconcile accounts for every approved call, from the logs alone', () => {
  it('gives each call the class its records prove, and counts the calls with no outcome yet as pending', async () => {
    const run = await at(CLOCKS['at stop'])
    expect(classes(run)).toEqual(Object.fromEntries(Object.entries(EXPECTED).filter(([, c]) => c !== 'pending')))
    expect(run.result.pending).toBe(Object.values(EXPECTED).filter((c) => c === 'pending').length)
  })

  it('keeps a call the guard refused as refused-by-guard at stop, ten minutes later and a day later: never a violation', async () => {
    for (const now of Object.values(CLOCKS)) {
      const run = await at(now, 'd-refused')
      expect(classes(run)).toEqual({ 'd-refused': 'refused-by-guard' })
      expect(run.result.violations).toBe(0)
      expect(run.result.items[0]?.message).toContain('ERR_GUARD_BEFORE_START')
    }
  })

  it('puts a call accepted while the executor was down behind a live guard in executor-failed, not ok', async () => {
    const run = await at(CLOCKS['at stop'], 'd-exec-failed')
    expect(run.result.counts['ok']).toBe(0)
    expect(run.result.counts['executor-failed']).toBe(1)
    expect(run.result.items[0]).toMatchObject({ class: 'executor-failed', executorStatus: 502 })
  })

  it('flags a call that ran while its agent was told it failed (504, or 502 with no receipt) as retry-risk', async () => {
    const run = await at(CLOCKS['at stop'])
    const risky = run.result.items.filter((i) => i.class === 'retry-risk')
    expect(risky.map((i) => i.decisionId)).toEqual(['d-retry', 'd-retry-no-receipt', 'd-both-stopped'])
    expect(risky[0]?.message).toMatch(/executor answered 200.*ERR_GATE_UPSTREAM_TIMEOUT/)
    expect(risky[1]?.message).toMatch(/no receipt.*may have run.*ERR_GATE_UPSTREAM_UNAVAILABLE/)
  })

  it('gives the same classes, counts and verdict whatever the auditor\'s clock', async () => {
    const runs = await Promise.all(Object.values(CLOCKS).map((now) => at(now)))
    for (const run of runs.slice(1)) {
      expect(classes(run)).toEqual(classes(runs[0] as ReconcileRun))
      expect(run.result.counts).toEqual(runs[0]?.result.counts)
      expect(run.result.pending).toBe(runs[0]?.result.pending)
    }
  })
})

describe('verbatim audit reconcile: the exit status follows the logs, not the clock', () => {
  const cli = async (now: number, decision?: string): Promise<{ code: number; out: string }> =>
    runCli(['audit', 'reconcile', '--approved', logs.gateDir, '--executed', logs.guardDir, '--now', new Date(now).toISOString(), ...(decision === undefined ? [] : ['--decision', decision])])

  it.each([
    ['d-refused', 0, /^OK: everything executed was approved, exactly as approved$/m],
    ['d-undelivered', 0, /^OK: /m],
    ['d-exec-failed', 3, /^ATTENTION: .*1 executor-failed/m],
    ['d-retry', 3, /^ATTENTION: .*1 retry-risk/m],
    ['d-vanished', 1, /^FAILED: 1 violation\(s\)$/m],
    ['d-unguarded', 1, /^ {2}approved-not-executed +d-unguarded .*answered 200 \(withheld from its agent: ERR_GUARD_RECEIPT_INVALID\)/m],
  ] as const)('%s: exit %i with the same output at stop, ten minutes later and a day later', async (decision, code, verdict) => {
    const runs = await Promise.all(Object.values(CLOCKS).map((now) => cli(now, decision)))
    for (const r of runs) {
      expect(r.code, r.out).toBe(code)
      expect(r.out).toMatch(verdict)
      expect(r.out).toBe(runs[0]?.out)
    }
  })

  it('exits 1 for the whole set (an answer no guard recorded running is a violation), and says what to do for each class to account for', async () => {
    const all = await cli(CLOCKS['a day later'])
    expect(all.code).toBe(1)
    expect(all.out).toMatch(/^next \(executor-failed\): /m)
    expect(all.out).toMatch(/^next \(retry-risk\): /m)
    expect(all.out).toMatch(/^next \(approved-not-executed\): /m)
    expect(all.out).not.toMatch(/^next \((refused-by-guard|not-delivered)\)/m)
  })
})

describe('reconcile on live logs: no false alarm from a call that finishes while it reads', () => {
  it('finds the execution of a forward recorded after the executed logs were first fixed', async () => {
    const root = tempDir('verbatim-outcomes-live-')
    const gate = await openAuditWriter({ dir: `${root}/gate`, process: 'gate', signer: newSigner('g'), startFields: { keys: [{ kid: 'k1', x: 'AAAA' }], policyDigest: 'p' } })
    const guard = await openAuditWriter({ dir: `${root}/guard`, process: 'guard', signer: newSigner('u'), startFields: { audience: 'a' } })
    const b = { decisionId: 'd-late', agent: 'coder', tool: 't', audience: 'a', method: 'POST', target: '/v1/tools/t', policyDigest: 'p', digest: 'd', keyid: 'k1', nonce: 'n', created: 1, expires: 2 ** 31 }
    await gate.append('decision', { ...b, verdict: 'allow' })
    // A late record of a call approved after the gate's log was fixed: not this reconcile's business.
    const other = { ...b, decisionId: 'd-after', nonce: 'n2' }
    let calls = 0
    const snapshot = async (paths: readonly string[]): Promise<LogSnapshot[]> => {
      calls++
      // Between the executed logs' first fix and the gate's: the call runs, is answered and recorded.
      if (calls === 2) {
        await guard.append('execution', { ...b, status: 'accepted' })
        await guard.append('receipt', { decisionId: 'd-late', digest: 'd', status: 200 })
        await gate.append('forward', { decisionId: 'd-late', status: 200, latencyMs: 1 })
      }
      const snap = await snapshotPaths(paths)
      if (calls === 2) {
        await gate.append('decision', { ...other, verdict: 'allow' })
        await guard.append('execution', { ...other, status: 'accepted' })
      }
      return snap
    }
    const run = await reconcilePaths({ approved: [`${root}/gate`], executed: [`${root}/guard`], graceMs: 0, now: 0, keepOk: true, snapshot })
    expect(calls).toBe(3)
    expect(classes(run)).toEqual({ 'd-late': 'ok' })
    expect(run.result.violations).toBe(0)
    await gate.close()
    await guard.close()
    // Stopped, the same logs hold both calls: the later one was accepted and the gate stopped with no answer recorded.
    const stopped = await reconcilePaths({ approved: [`${root}/gate`], executed: [`${root}/guard`], graceMs: 0, now: 0, keepOk: true })
    expect(classes(stopped)).toEqual({ 'd-late': 'ok', 'd-after': 'retry-risk' })
  })

  it('still names an execution with no decision once it is inside what was first fixed', async () => {
    const root = tempDir('verbatim-outcomes-orphan-')
    const gate = await openAuditWriter({ dir: `${root}/gate`, process: 'gate', signer: newSigner('g'), startFields: { keys: [{ kid: 'k1', x: 'AAAA' }], policyDigest: 'p' } })
    await gate.close()
    const guard = await openAuditWriter({ dir: `${root}/guard`, process: 'guard', signer: newSigner('u'), startFields: { audience: 'a' } })
    await guard.append('execution', { decisionId: 'd-nowhere', keyid: 'k1', status: 'accepted' })
    await guard.close()
    const run = await reconcilePaths({ approved: [`${root}/gate`], executed: [`${root}/guard`], graceMs: 0, now: 0 })
    expect(run.result.counts['executed-without-approval']).toBe(1)
  })
})
