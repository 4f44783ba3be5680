/**
 * @module gate/call/ask: the approval step of a call policy decided `ask`: it runs only once a
 * person approved exactly its bytes. The call uses an approval given already, or joins the one
 * waiting for the same bytes, or opens one; its `ask` record is durable before approvers see it;
 * then it is held until the approval is decided, expires, or the hold ends (docs/approvals.md).
 */
import { approvalDigest, approvalKey, countingApprovals } from '../../approval/index.js'
import type { BookEntry, Requirement, Vote } from '../../approval/index.js'
import type { ApprovalDesk } from '../../console/index.js'
import { VerbatimError } from '../../errors/index.js'
import type { Decision } from '../../policy/index.js'
import type { GateDeps } from '../deps.js'
import type { Call } from './trail.js'

export interface AskInput {
  agent: string
  tool: string
  audience: string
  /** The bytes the approval covers (approvedBytes: the body, or an MCP message without its id). */
  approved: Uint8Array
  decision: Decision
  /** The approval the agent named (Verbatim-Approval-Id), if any. */
  named?: string
  /** How long to hold the call waiting (ms); 0 answers at once. */
  holdMs: number
  /** Aborted when the agent hangs up while the call is held: it must not take an approval nobody will see run. */
  gone?: AbortSignal
}

export type AskOutcome =
  /** Approved: run under `decisionId` (the call's own, or a new one when the call was recorded as `ask`). */
  | { kind: 'granted'; entry: BookEntry; votes: Vote[]; decisionId: string; asked: boolean }
  /** Still waiting when the hold ended: the call's `ask` record is durable. */
  | { kind: 'pending'; entry: BookEntry }

const refusal = (state: string, id: string): VerbatimError => {
  if (state === 'denied') return new VerbatimError('ERR_APPROVAL_DENIED', `approval ${id} was denied`)
  if (state === 'used') return new VerbatimError('ERR_APPROVAL_USED', `approval ${id} was used already: it covers one run`)
  return new VerbatimError('ERR_APPROVAL_EXPIRED', `approval ${id} expired before it was given or used`)
}

/** The approvals desk, and what every matching ask rule requires of it; refuses at once when nobody could approve. */
function requirements(deps: GateDeps, d: Decision): { desk: ApprovalDesk; reqs: Requirement[] } {
  const desk = deps.approvals
  if (desk === undefined) throw new VerbatimError('ERR_APPROVAL_UNAVAILABLE', `rule ${d.ruleIds.join(', ')} asks for a person's approval, and this gate has no approvals configured`)
  const reqs = (d.asks ?? []).map((a) => ({ rule: a.rule, group: a.group, approvers: a.approvers }))
  for (const r of reqs) {
    const why = desk.unsatisfiable(r)
    if (why !== undefined) throw new VerbatimError('ERR_APPROVAL_UNAVAILABLE', why)
  }
  return { desk, reqs }
}

/** The approval this call may use or wait on: the one it names (checked), else the latest for its bytes. */
function find(desk: ApprovalDesk, a: AskInput, key: string): BookEntry | undefined {
  if (a.named === undefined) return desk.book.latest(key)
  const e = desk.book.get(a.named)
  if (e === undefined || e.target.agent !== a.agent) throw new VerbatimError('ERR_APPROVAL_UNKNOWN', `no approval ${a.named} for this agent (or it was held by a gate that has since restarted)`)
  if (e.key !== key) throw new VerbatimError('ERR_APPROVAL_MISMATCH', `approval ${a.named} is for other bytes: an approval covers exactly the canonical bytes the approver was shown`)
  return e
}

export async function ask(deps: GateDeps, call: Call, a: AskInput): Promise<AskOutcome> {
  const { desk, reqs } = requirements(deps, a.decision)
  const digest = approvalDigest(a.approved)
  const key = approvalKey({ agent: a.agent, tool: a.tool, audience: a.audience, digest })
  let entry = find(desk, a, key)
  if (entry !== undefined) {
    const took = desk.book.take(entry.target.approvalId, call.decisionId, reqs, deps.now(), desk.isMember)
    if (took.ok) return { kind: 'granted', entry, votes: countingApprovals(entry.votes, reqs, desk.isMember), decisionId: call.decisionId, asked: false }
    // A denial holds for its validity; a named approval that ended is refused; otherwise ask anew.
    if (took.state === 'denied' || (a.named !== undefined && took.state !== 'pending' && took.state !== 'approved')) throw refusal(took.state, entry.target.approvalId)
    if (took.state === 'used' || took.state === 'expired') entry = undefined
  }
  let opened = false
  if (entry === undefined) {
    const now = deps.now()
    const validSeconds = Math.min(...(a.decision.asks ?? []).map((x) => x.validSeconds))
    entry = desk.book.open({
      target: { approvalId: deps.newDecisionId(), decisionId: call.decisionId, agent: a.agent, tool: a.tool, audience: a.audience, digest, policyDigest: a.decision.policyDigest, asked: Math.floor(now / 1000), expires: Math.floor(now / 1000) + validSeconds },
      requirements: reqs,
      call: { bytes: a.approved, ruleIds: a.decision.ruleIds, reasons: (a.decision.asks ?? []).map((x) => x.reason) },
    }, now)
    opened = true
  }
  const id = entry.target.approvalId
  // The ask is durable before approvers see it, and before any answer names this decision (DESIGN invariant 8).
  Object.assign(call.trail, { verdict: 'ask', approvalId: id, approvalDigest: digest, approvalExpires: entry.target.expires, ...(opened ? { opened: true } : {}) })
  try {
    await deps.audit.append('decision', call.trail)
    call.recorded = true
  } catch (cause) {
    if (opened) desk.book.withdraw(id)
    throw new VerbatimError('ERR_AUDIT_UNAVAILABLE', 'the call asks for approval, and its record could not be made durable', { cause })
  }
  if (opened) desk.publish(entry)
  return hold(deps, desk, entry, reqs, a.holdMs, a.gone)
}

/** Holds the call until its approval is decided or expires, the hold ends, or the agent hangs up (then the approval waits for its next call). */
async function hold(deps: GateDeps, desk: ApprovalDesk, entry: BookEntry, reqs: Requirement[], holdMs: number, gone: AbortSignal | undefined): Promise<AskOutcome> {
  const id = entry.target.approvalId
  const deadline = Math.min(deps.now() + holdMs, entry.target.expires * 1000)
  const run = deps.newDecisionId()
  const wake = (): void => desk.changed(id)
  gone?.addEventListener('abort', wake, { once: true })
  try {
    for (;;) {
      if (gone?.aborted === true) return { kind: 'pending', entry }
      const took = desk.book.take(id, run, reqs, deps.now(), desk.isMember)
      if (took.ok) return { kind: 'granted', entry, votes: countingApprovals(entry.votes, reqs, desk.isMember), decisionId: run, asked: true }
      if (took.state !== 'pending' && took.state !== 'approved') throw refusal(took.state, id)
      if (deps.now() >= deadline) return { kind: 'pending', entry }
      await desk.wait(id, deadline)
    }
  } finally {
    gone?.removeEventListener('abort', wake)
  }
}
