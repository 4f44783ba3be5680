/**
 * @module auditor/explain-approval: who approved which bytes of one decision, each approval
 * re-verified from its record alone (the approver's public key, the assertion, the subject).
 */
import type { AuditRecord } from '../audit/index.js'
import type { CheckedVote } from './approvals.js'
import { ApprovalLedger } from './approvals.js'

export interface ApprovalExplain {
  approvalId: string
  /** The decision that asked (its verdict is ask). */
  askedBy: string | null
  /** Every vote on the approval, re-verified. */
  votes: CheckedVote[]
  /** For a decision that ran under it: why the approval does not cover it, or null when it does. */
  problem: string | null
  status: 'verified' | 'failed' | 'none'
}

/**
 * The approval a decision names (an ask, or the allow that ran under it), from the `approval`
 * records of the same log. `policy` records tell whether an allow without approval was an ask call.
 */
export async function explainApproval(d: AuditRecord, records: readonly AuditRecord[]): Promise<ApprovalExplain | null> {
  const id = typeof d['approvalId'] === 'string' ? d['approvalId'] : undefined
  const ledger = new ApprovalLedger()
  for (const r of records) ledger.add(r)
  await ledger.verify()
  const pd = typeof d['policyDigest'] === 'string' ? d['policyDigest'] : undefined
  const asked = { decisionId: String(d['decisionId']), ...ledger.askedFields(d, pd), ...(['agent', 'tool', 'audience', 'digest'] as const).reduce((o, k) => (typeof d[k] === 'string' ? { ...o, [k]: d[k] } : o), {}), ...(pd === undefined ? {} : { policyDigest: pd }) }
  const problem = d['verdict'] === 'allow' ? ledger.problem(asked) : undefined
  if (id === undefined) return problem === undefined ? null : { approvalId: '', askedBy: null, votes: [], problem: problem.message, status: 'failed' }
  const votes = [...ledger.votesOf(id)]
  const failed = problem !== undefined || votes.some((v) => !v.ok)
  return { approvalId: id, askedBy: votes[0]?.askedBy ?? (d['verdict'] === 'ask' ? String(d['decisionId']) : null), votes, problem: problem?.message ?? null, status: failed ? 'failed' : votes.length === 0 ? 'none' : 'verified' }
}
