/**
 * @module guard/verify-approval: step 12 of docs/binding.md §6 (§14.3): a tool the guard is told
 * runs only with a person's approval runs only with the assertions of trusted approvers over exactly
 * these bytes, once. Even a gate that is not to be trusted cannot run it without them.
 */
import { APPROVAL_HEADER, approvalDigest, approvedBytes, checkApproval, requirementFor } from '../approval/index.js'
import type { ParsedBinding } from '../binding/index.js'
import type { JsonValue } from '../canonical/index.js'
import { VerbatimError } from '../errors/index.js'
import type { GuardApprovals, GuardRequest, VerifiedBinding } from './types.js'

/**
 * 12a-g with checkApproval; 12h claims the approval id in the replay store until its expiry + skew,
 * so one approval runs one call. Returns what the execution record keeps of it, or undefined when no
 * requirement covers the tool (its approval members, if any, are then signed but not checked).
 */
export async function verifyApprovalStep(o: {
  parsed: ParsedBinding
  request: GuardRequest
  body: Uint8Array
  value: JsonValue
  verified: Pick<VerifiedBinding, 'agent' | 'tool' | 'audience' | 'digest'>
  profile: 'tools' | 'mcp'
  approvals: GuardApprovals | undefined
  now: number
  skewSeconds: number
  /** The restart rule's start (the guard's start, or the replay store's last loss), unix seconds, when it applies. */
  restartedAt: number | undefined
  claim: (key: string, ttlMs: number) => Promise<boolean>
}): Promise<NonNullable<VerifiedBinding['approval']> | undefined> {
  const requirement = o.approvals === undefined ? undefined : requirementFor(o.approvals.require, o.verified.tool)
  if (o.approvals === undefined || requirement === undefined) return undefined
  const digest = o.profile === 'tools' ? o.verified.digest : approvalDigest(approvedBytes(o.body, o.value, 'mcp'))
  const e = await checkApproval({
    bound: o.parsed.decision, header: o.request.headers(APPROVAL_HEADER), call: { agent: o.verified.agent, tool: o.verified.tool, audience: o.verified.audience, digest },
    trust: o.approvals.trust, requirement, now: o.now, skewSeconds: o.skewSeconds,
  })
  const id = e.approval.approvalId
  // The restart rule (§8) for approvals: a store that may have forgotten which approvals ran cannot vouch for one asked before it started.
  if (o.restartedAt !== undefined && e.approval.asked <= o.restartedAt + o.skewSeconds) {
    throw new VerbatimError('ERR_GUARD_BEFORE_START', `approval ${id} was asked before this guard's replay store could know whether it ran`)
  }
  let fresh: boolean
  try {
    fresh = await o.claim(`approval:${id}`, (Math.max(1, e.approval.expires + o.skewSeconds - o.now) + 1) * 1000)
  } catch (cause) {
    throw cause instanceof VerbatimError ? cause : new VerbatimError('ERR_GUARD_REPLAY_STORE', 'replay store failed', { cause })
  }
  if (!fresh) throw new VerbatimError('ERR_GUARD_APPROVAL_REPLAY', `approval ${id} ran a call already`)
  return { id, expires: e.approval.expires, approvers: e.approvals.map((v) => v.approver) }
}
