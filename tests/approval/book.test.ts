/** The calls waiting for a person (src/approval/book.ts): states over injected time, caps, once, two-person rules, vetoes, removal from a group. */
import { describe, expect, it } from 'vitest'
import { ApprovalBook, approvalKey } from '../../src/approval/index.js'
import type { ApprovalTarget, IsMember, Requirement, Vote } from '../../src/approval/index.js'
import { isVerbatimError } from '../../src/errors/index.js'

const T0 = 1_767_225_600_000
const target = (id: string, agent = 'coder', digest = 'ab'.repeat(32)): ApprovalTarget => ({
  approvalId: id, decisionId: `d-${id}`, agent, tool: 'shell.exec', audience: 'sandbox-1', digest, policyDigest: 'cd'.repeat(32), asked: T0 / 1000, expires: T0 / 1000 + 900,
})
const ONE: Requirement[] = [{ rule: 'r', group: 'oncall', approvers: 1 }]
const TWO: Requirement[] = [{ rule: 'r', group: 'oncall', approvers: 2 }]
const call = { bytes: new Uint8Array(), ruleIds: ['r'], reasons: ['why'] }
const groups: Record<string, string[]> = { oncall: ['alice', 'bob', 'carol'] }
const member: IsMember = (a, g) => groups[g]?.includes(a) === true
const vote = (approver: string, action: 'approve' | 'deny' = 'approve'): Vote => ({
  approver, action, comment: '', assertion: { credentialId: 'AQ', clientDataJSON: 'e30', authenticatorData: 'AA', signature: 'AA' }, assertionDigest: '00'.repeat(32), at: T0,
})
const book = (o: Partial<{ maxPending: number; maxPerAgent: number }> = {}): ApprovalBook => new ApprovalBook({ maxPending: 10, maxPerAgent: 3, retainMs: 60_000, ...o })
const codeOf = (f: () => unknown): string => {
  try {
    f()
  } catch (e) {
    if (isVerbatimError(e)) return e.code
    throw e
  }
  return 'no error'
}

describe('the approval book', () => {
  it('approves on one approver\'s vote, is used once, and names the decision that used it', () => {
    const b = book()
    b.open({ target: target('a'), requirements: ONE, call }, T0)
    b.publish('a')
    expect(b.vote('a', vote('alice'), T0 + 1, member)).toBe('approved')
    const took = b.take('a', 'd-2', ONE, T0 + 2, member)
    expect(took.ok && took.entry.usedBy).toBe('d-2')
    expect(b.take('a', 'd-3', ONE, T0 + 3, member)).toEqual({ ok: false, state: 'used' })
  })

  it('a two-person rule stays pending after one approver and approves on a second, distinct one', () => {
    const b = book()
    b.open({ target: target('a'), requirements: TWO, call }, T0)
    b.publish('a')
    expect(b.vote('a', vote('alice'), T0, member)).toBe('pending')
    expect(codeOf(() => b.vote('a', vote('alice'), T0, member))).toBe('ERR_CONSOLE_REPLAY')
    expect(b.take('a', 'd-2', TWO, T0, member)).toEqual({ ok: false, state: 'pending' })
    expect(b.vote('a', vote('bob'), T0, member)).toBe('approved')
  })

  it('one deny by a member vetoes, whatever approvals came before; a deny by a non-member does not', () => {
    const b = book()
    b.open({ target: target('a'), requirements: TWO, call }, T0)
    b.publish('a')
    b.vote('a', vote('mallory', 'deny'), T0, member)
    expect(b.settle(b.get('a')!, T0, member)).toBe('pending')
    b.vote('a', vote('alice'), T0, member)
    expect(b.vote('a', vote('bob', 'deny'), T0, member)).toBe('denied')
    expect(codeOf(() => b.vote('a', vote('carol'), T0, member))).toBe('ERR_CONSOLE_DECIDED')
  })

  it('expires at `expires`, pending or approved and unused; a vote on an expired call is refused', () => {
    const b = book()
    const t = target('a')
    b.open({ target: t, requirements: ONE, call }, T0)
    b.publish('a')
    expect(b.stateOf(b.get('a')!, t.expires * 1000 - 1)).toBe('pending')
    expect(b.stateOf(b.get('a')!, t.expires * 1000)).toBe('expired')
    expect(codeOf(() => b.vote('a', vote('alice'), t.expires * 1000, member))).toBe('ERR_CONSOLE_DECIDED')
    b.open({ target: target('b', 'coder', 'ef'.repeat(32)), requirements: ONE, call }, T0)
    b.publish('b')
    b.vote('b', vote('alice'), T0, member)
    expect(b.take('b', 'd', ONE, t.expires * 1000, member)).toEqual({ ok: false, state: 'expired' })
  })

  it('an approver removed from the group stops counting: the approved call is pending again when it would be used', () => {
    const b = book()
    b.open({ target: target('a'), requirements: ONE, call }, T0)
    b.publish('a')
    b.vote('a', vote('alice'), T0, member)
    const removed: IsMember = (a, g) => a !== 'alice' && member(a, g)
    expect(b.take('a', 'd', ONE, T0, removed)).toEqual({ ok: false, state: 'pending' })
    expect(b.vote('a', vote('bob'), T0, removed)).toBe('approved')
  })

  it('takes against the requirements policy makes now: a reload that asks for two approvers needs a second', () => {
    const b = book()
    b.open({ target: target('a'), requirements: ONE, call }, T0)
    b.publish('a')
    b.vote('a', vote('alice'), T0, member)
    expect(b.take('a', 'd', TWO, T0, member)).toEqual({ ok: false, state: 'pending' })
    expect(b.take('a', 'd', ONE, T0, member).ok).toBe(true)
  })

  it('bounds the calls waiting per agent and in all, and counts only open ones', () => {
    const b = book({ maxPending: 4, maxPerAgent: 2 })
    b.open({ target: target('a1'), requirements: ONE, call }, T0)
    b.publish('a1')
    b.open({ target: target('a2', 'coder', '01'.repeat(32)), requirements: ONE, call }, T0)
    expect(codeOf(() => b.open({ target: target('a3', 'coder', '02'.repeat(32)), requirements: ONE, call }, T0))).toBe('ERR_APPROVAL_QUOTA')
    b.open({ target: target('b1', 'other', '03'.repeat(32)), requirements: ONE, call }, T0)
    b.open({ target: target('b2', 'other', '04'.repeat(32)), requirements: ONE, call }, T0)
    expect(codeOf(() => b.open({ target: target('c1', 'third', '05'.repeat(32)), requirements: ONE, call }, T0))).toBe('ERR_APPROVAL_FULL')
    b.vote('a1', vote('alice', 'deny'), T0, member)
    expect(codeOf(() => b.open({ target: target('a3', 'coder', '02'.repeat(32)), requirements: ONE, call }, T0))).toBe('no error')
  })

  it('shows and takes votes only once published (the asking call\'s record is durable); a withdrawn one is gone', () => {
    const b = book()
    b.open({ target: target('a'), requirements: ONE, call }, T0)
    expect(b.waiting(T0)).toEqual([])
    expect(codeOf(() => b.vote('a', vote('alice'), T0, member))).toBe('ERR_CONSOLE_NOT_FOUND')
    b.withdraw('a')
    expect(b.get('a')).toBeUndefined()
    b.open({ target: target('b'), requirements: ONE, call }, T0)
    b.publish('b')
    expect(b.waiting(T0).map((e) => e.target.approvalId)).toEqual(['b'])
  })

  it('finds the latest approval for the same agent, tool, audience and digest, and forgets ended ones after retention', () => {
    const b = book()
    const t = target('a')
    b.open({ target: t, requirements: ONE, call }, T0)
    b.publish('a')
    expect(b.latest(approvalKey(t))?.target.approvalId).toBe('a')
    expect(b.latest(approvalKey({ ...t, digest: 'ff'.repeat(32) }))).toBeUndefined()
    b.sweep(t.expires * 1000 + 60_000)
    expect(b.get('a')).toBeUndefined()
    expect(b.latest(approvalKey(t))).toBeUndefined()
  })
})
