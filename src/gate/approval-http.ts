/**
 * @module gate/approval-http: what agents see of approvals: the 202 of a call still waiting, the
 * status URL GET /v1/approvals/{id} (the agent's own token), and what an approved call carries to the guard.
 */
import { boundApprovers, evidenceOf, serializeEvidence } from '../approval/index.js'
import type { BookEntry, Vote } from '../approval/index.js'
import type { BoundApproval } from '../binding/index.js'
import type { ApprovalDesk } from '../console/index.js'
import { VerbatimError, retryAfterSeconds } from '../errors/index.js'
import type { GateDeps } from './deps.js'
import type { Exchange, Reply } from './http/exchange.js'
import { jsonReply, problemReply } from './http/problem.js'

export const APPROVALS_PATH = '/v1/approvals/'

/** The status of an approval, as the agent that asked may read it. */
export function approvalStatus(desk: ApprovalDesk, e: BookEntry): Record<string, unknown> {
  const t = e.target
  return {
    approvalId: t.approvalId, status: desk.book.stateOf(e, desk.now()), decisionId: t.decisionId, tool: t.tool, digest: t.digest, expires: t.expires,
    statusUrl: `${APPROVALS_PATH}${t.approvalId}`, rules: [...e.call.ruleIds], reasons: [...e.call.reasons],
    votes: e.votes.map((v) => ({ approver: v.approver, action: v.action, at: v.at })),
  }
}

/**
 * 202 Accepted: the call waits for a person. It names the approval, where to ask after it, and when
 * (a jittered Retry-After, DESIGN invariant 7). Its decision (verdict ask) is durable already.
 */
export function pendingReply(desk: ApprovalDesk, e: BookEntry, decisionId: string): Reply {
  const retry = retryAfterSeconds()
  const body = { ...approvalStatus(desk, e), decisionId, retryAfter: Number(retry), message: `waiting for a person to approve these bytes: ${e.call.reasons.join('; ')}` }
  return jsonReply(202, body, {
    location: `${APPROVALS_PATH}${e.target.approvalId}`, 'retry-after': retry, 'verbatim-decision-id': decisionId, 'verbatim-approval-id': e.target.approvalId, 'cache-control': 'no-store',
  })
}

/** GET /v1/approvals/{id}: the agent's own approvals only (another agent's is unknown to it). */
export function handleApprovalStatus(ex: Exchange, deps: GateDeps): Reply {
  try {
    if (ex.method !== 'GET') throw new VerbatimError('ERR_INTAKE_METHOD', 'an approval\'s status is read with GET')
    const agent = deps.authenticate(ex.header('authorization'))
    const id = ex.target.slice(APPROVALS_PATH.length)
    const e = deps.approvals?.book.get(id)
    if (deps.approvals === undefined || e === undefined || e.target.agent !== agent) throw new VerbatimError('ERR_APPROVAL_UNKNOWN', 'no such approval for this agent')
    const status = approvalStatus(deps.approvals, e)
    return jsonReply(200, status, { 'cache-control': 'no-store', ...(status.status === 'pending' ? { 'retry-after': retryAfterSeconds() } : {}) })
  } catch (err) {
    return problemReply(err)
  }
}

/** What an approved call carries: the approval bound into the decision, and the assertions for the guard (docs/binding.md §14). */
export function carried(e: BookEntry, votes: readonly Vote[]): { bound: BoundApproval; header: string } {
  const evidence = evidenceOf(e.target, votes)
  return { bound: { id: e.target.approvalId, approvers: boundApprovers(evidence) }, header: serializeEvidence(evidence) }
}
