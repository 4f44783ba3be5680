/** @module approval/votes: whether the votes cast satisfy what every matching ask rule requires; pure. */
import type { Assertion } from './assertion.js'
import type { ApprovalAction } from './subject.js'

/** What one ask rule requires (the policy decision's `asks`): `approvers` distinct people of `group`. */
export interface Requirement {
  rule: string
  group: string
  approvers: number
}

/** One approver's signed action on a call. */
export interface Vote {
  approver: string
  action: ApprovalAction
  comment: string
  /** The assertion the approver's device made over the subject of this action and comment. */
  assertion: Assertion
  /** assertionDigest(assertion). */
  assertionDigest: string
  /** Milliseconds since the epoch, when the vote was recorded. */
  at: number
}

/** Group membership as configured now: an approver removed from a group no longer counts for it. */
export type IsMember = (approver: string, group: string) => boolean

/** The approve votes that count, in the order cast: one per approver, each a member of some required group. */
export function countingApprovals(votes: readonly Vote[], reqs: readonly Requirement[], isMember: IsMember): Vote[] {
  const seen = new Set<string>()
  return votes.filter((v) => {
    if (v.action !== 'approve' || seen.has(v.approver) || !reqs.some((r) => isMember(v.approver, r.group))) return false
    seen.add(v.approver)
    return true
  })
}

/** True when, for every requirement, enough distinct members of its group approved. */
export function satisfied(votes: readonly Vote[], reqs: readonly Requirement[], isMember: IsMember): boolean {
  if (reqs.length === 0) return false
  const approvers = new Set(countingApprovals(votes, reqs, isMember).map((v) => v.approver))
  return reqs.every((r) => [...approvers].filter((a) => isMember(a, r.group)).length >= r.approvers)
}

/** The first deny by a member of some required group: one such veto denies the call. */
export function vetoOf(votes: readonly Vote[], reqs: readonly Requirement[], isMember: IsMember): Vote | undefined {
  return votes.find((v) => v.action === 'deny' && reqs.some((r) => isMember(v.approver, r.group)))
}
