import { describe, expect, it } from 'vitest'
import { readRecords } from '../../src/audit/index.js'
import { BOUND_FIELDS, CLASS_LEVEL, RECONCILE_CLASSES, matchView, reconcile } from '../../src/auditor/index.js'
import type { ReconcileOptions } from '../../src/auditor/index.js'
import { NOW, T0, makeReconcilePair } from './reconcile-fixture.js'

const OK = ['d-ok', 'd-replay', 'd-other']

const pair = await makeReconcilePair()
const approved = await readRecords(pair.gateDir)
const executed = await readRecords(pair.guardDir)
const run = (o: Partial<ReconcileOptions> = {}): ReturnType<typeof reconcile> => reconcile(approved, executed, { graceMs: 60_000, ...o })
const result = run()
const ids = (cls: string): (string | null)[] => result.items.filter((i) => i.class === cls).map((i) => i.decisionId)

describe('audit reconcile', () => {
  it('finds every class exactly where it is, and nothing else', () => {
    // The approval classes need a person's signed approvals in the log: tests/auditor/approvals.test.ts pins each on real logs.
    const approvalClasses = ['approval-missing', 'approval-invalid', 'approval-reused']
    const want: Record<string, number> = Object.fromEntries(RECONCILE_CLASSES.map((c) => [c, approvalClasses.includes(c) ? 0 : 1]))
    want['ok'] = OK.length
    expect(result.counts).toEqual(want)
    expect(Object.keys(result.counts)).toEqual([...RECONCILE_CLASSES])
    expect(result.violations).toBe(RECONCILE_CLASSES.filter((c) => CLASS_LEVEL[c] === 'violation' && !approvalClasses.includes(c)).length)
    expect(result.attention).toBe(2)
  })

  it('gives the same answer whatever clock the caller passes: no class reads one', () => {
    for (const now of [0, T0, NOW, NOW + 86_400_000]) expect(run({ now })).toEqual(result)
  })

  it('classifies an exact match that the executor answered as ok', () => expect(ids('ok')).toEqual(OK))
  it('classifies a call the upstream answered 200 and no guard ran as approved-not-executed', () => expect(ids('approved-not-executed')).toEqual(['d-missing']))
  it('classifies a call a guard refused as refused-by-guard', () => expect(ids('refused-by-guard')).toEqual(['d-refused']))
  it('classifies a call the gate could not deliver as not-delivered', () => expect(ids('not-delivered')).toEqual(['d-undelivered']))
  it('classifies an accepted call whose executor answered 500 as executor-failed', () => expect(ids('executor-failed')).toEqual(['d-failed']))
  it('classifies an accepted call with no answer on either side, the gate stopped since, as retry-risk', () => expect(ids('retry-risk')).toEqual(['d-noreceipt']))
  it('classifies a run with no decision as executed-without-approval', () => expect(ids('executed-without-approval')).toEqual(['d-nowhere']))
  it('classifies a run of a denied call as executed-after-deny', () => expect(ids('executed-after-deny')).toEqual(['d-deny']))
  it('classifies a run of other bytes as digest-mismatch', () => expect(ids('digest-mismatch')).toEqual(['d-mismatch']))
  it('classifies the second run of one decision as replayed', () => expect(ids('replayed')).toEqual(['d-replay']))
  it('classifies a run after expiry plus grace as executed-after-expiry', () => expect(ids('executed-after-expiry')).toEqual(['d-late']))
  it('classifies a run under a key the gate never used as unknown-key', () => expect(ids('unknown-key')).toEqual(['d-badkey']))

  for (const [field, cls] of BOUND_FIELDS) {
    it(`names a ${field} that differs, with the same bytes, as ${cls}`, () => {
      const item = result.items.find((i) => i.decisionId === `d-${field}`)
      expect(item?.class).toBe(cls)
      expect(item?.mismatched).toEqual([expect.objectContaining({ field })])
      expect(item?.message).toMatch(new RegExp(`^${field}: approved `))
    })
  }

  it('leaves nothing pending once the gate has stopped, and counts the guard\'s refusals apart from its probes', () => {
    expect(result.pending).toBe(0)
    expect(result.rejectedByGuard).toBe(1)
    expect(result.refusals).toEqual({ ERR_GUARD_BEFORE_START: 1 })
    expect(result.probes).toBe(1)
    expect(result.denied).toBe(1)
  })

  it('reports what the executor answered for every accepted call, from receipts', () => {
    expect(result.executor).toEqual({ succeeded: 3, clientError: 0, failed: 1, noReceipt: 1 })
    expect(result.items.find((i) => i.decisionId === 'd-failed')).toMatchObject({ class: 'executor-failed', executorStatus: 500, forward: { status: 500 } })
    expect(result.items.find((i) => i.decisionId === 'd-ok')?.executorStatus).toBe(200)
    expect(result.items.find((i) => i.decisionId === 'd-noreceipt')).toMatchObject({ executorStatus: null, forward: null })
  })

  it('stops calling a late run late when the grace covers it', () => {
    const r = run({ graceMs: 200_000 })
    expect(r.counts['executed-after-expiry']).toBe(0)
    expect(r.counts.ok).toBe(OK.length + 1)
  })

  it('calls a run under a gate key that is not among the trusted keys unknown-key, whatever the gate log declares', () => {
    const r = run({ trustedKeyIds: new Set(['gate-k2']) })
    expect(r.items.find((i) => i.decisionId === 'd-ok')?.class).toBe('unknown-key')
    expect(r.items.find((i) => i.decisionId === 'd-ok')?.message).toContain('not among the trusted keys')
  })

  it('treats a bound field absent from the execution record as a difference', () => {
    const stripped = executed.map((r) => {
      if (r['decisionId'] !== 'd-ok' || r.type !== 'execution') return r
      const { audience: _a, ...rest } = r
      return rest as typeof r
    })
    const r = reconcile(approved, stripped, { graceMs: 60_000 })
    const item = r.items.find((i) => i.decisionId === 'd-ok')
    expect(item?.class).toBe('audience-mismatch')
    expect(item?.message).toBe('audience: approved exec-1, executed (absent)')
  })

  it('counts only the pairs a filter keeps, while the join still sees every record', () => {
    const r = run({ filter: (v) => matchView({ agent: ['agent-2'] }, v) })
    expect(r.counts.ok).toBe(1)
    expect(r.violations).toBe(0)
    expect(r.denied).toBe(1)
    const late = run({ filter: (v) => matchView({ since: T0 + 2000 }, v) })
    expect(late.items.map((i) => i.decisionId)).toEqual(['d-replay', 'd-late', 'd-other'])
    const one = run({ filter: (v) => matchView({ decision: ['d-tool'] }, v) })
    expect(one.violations).toBe(1)
    expect(one.counts['tool-mismatch']).toBe(1)
  })
})
