import { describe, expect, it } from 'vitest'
import { RECONCILE_CLASSES, readRecords, reconcile } from '../../src/audit/index.js'
import { NOW, makeReconcilePair } from './reconcile-fixture.js'

const pair = await makeReconcilePair()
const approved = await readRecords(pair.gateDir)
const executed = await readRecords(pair.guardDir)
const result = reconcile(approved, executed, { graceMs: 60_000, now: NOW })
const ids = (cls: string): (string | null)[] => result.items.filter((i) => i.class === cls).map((i) => i.decisionId)

describe('audit reconcile', () => {
  it('finds every class exactly where it is, and nothing else', () => {
    expect(result.counts).toEqual({
      'ok': 2,
      'approved-not-executed': 1,
      'executed-without-approval': 1,
      'executed-after-deny': 1,
      'digest-mismatch': 1,
      'replayed': 1,
      'executed-after-expiry': 1,
      'unknown-key': 1,
    })
    expect(Object.keys(result.counts)).toEqual([...RECONCILE_CLASSES])
  })

  it('classifies an exact match as ok', () => expect(ids('ok')).toEqual(['d-ok', 'd-replay']))
  it('classifies an allowed, expired, never-run decision as approved-not-executed', () => expect(ids('approved-not-executed')).toEqual(['d-missing']))
  it('classifies a run with no decision as executed-without-approval', () => expect(ids('executed-without-approval')).toEqual(['d-nowhere']))
  it('classifies a run of a denied call as executed-after-deny', () => expect(ids('executed-after-deny')).toEqual(['d-deny']))
  it('classifies a run of other bytes as digest-mismatch', () => expect(ids('digest-mismatch')).toEqual(['d-mismatch']))
  it('classifies the second run of one decision as replayed', () => expect(ids('replayed')).toEqual(['d-replay']))
  it('classifies a run after expiry plus grace as executed-after-expiry', () => expect(ids('executed-after-expiry')).toEqual(['d-late']))
  it('classifies a run under a key the gate never used as unknown-key', () => expect(ids('unknown-key')).toEqual(['d-badkey']))

  it('keeps a decision still inside its window pending, and ignores runs the guard rejected', () => {
    expect(result.pending).toBe(1)
    expect(result.rejectedByGuard).toBe(1)
    expect(result.denied).toBe(0)
  })

  it('stops calling a late run late when the grace covers it', () => {
    const r = reconcile(approved, executed, { graceMs: 200_000, now: NOW })
    expect(r.counts['executed-after-expiry']).toBe(0)
    expect(r.counts.ok).toBe(3)
  })
})
