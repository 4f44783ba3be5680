/**
 * @module approval/trust: the approvers a guard trusts (their groups and passkeys' public keys) and
 * the guard's approval step, docs/binding.md §14.3, in order; pure but for the injected clock.
 */
import { z } from 'zod'
import { VerbatimError } from '../errors/index.js'
import type { RelyingParty } from './assertion.js'
import { assertionDigest, verifyAssertion } from './assertion.js'
import type { Evidence } from './evidence.js'
import { parseEvidence } from './evidence.js'
import { challengeOf, subjectOf } from './subject.js'

const B64URL = z.string().regex(/^[A-Za-z0-9_-]+$/, 'base64url without padding')
const NAME = /^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$/

/** The approver trust file (`verbatim approvers export` writes it; guard.yaml approvals.trustFile names it). */
export const TrustFileSchema = z.strictObject({
  rpId: z.string().min(1).describe('The console\'s WebAuthn RP ID'),
  origins: z.array(z.string().regex(/^https?:\/\/[^/]+$/, 'an origin: scheme://host[:port]')).min(1).describe('The console\'s origins'),
  userVerification: z.enum(['required', 'preferred']).default('required').describe('Whether assertions must carry the UV flag'),
  approvers: z.record(z.string().regex(NAME), z.strictObject({
    groups: z.array(z.string().min(1)).default([]),
    credentials: z.array(z.strictObject({ id: B64URL, publicKey: B64URL.describe('COSE_Key (RFC 9052 §7), base64url') })).default([]),
  })),
})
export type TrustFile = z.infer<typeof TrustFileSchema>

/** A guard's requirement: calls of these tools run only with `approvers` distinct trusted members of `group`. */
export interface GuardRequirement {
  tools: readonly string[]
  group: string
  approvers: number
}

/** The requirement that covers `tool` (exact names, or prefixes ending in *), if any. */
export function requirementFor(reqs: readonly GuardRequirement[], tool: string): GuardRequirement | undefined {
  return reqs.find((r) => r.tools.some((p) => (p.endsWith('*') ? tool.startsWith(p.slice(0, -1)) : p === tool)))
}

const refuse = (code: 'ERR_GUARD_APPROVAL_MISSING' | 'ERR_GUARD_APPROVAL_MALFORMED' | 'ERR_GUARD_APPROVAL_MISMATCH' | 'ERR_GUARD_APPROVAL_EXPIRED' | 'ERR_GUARD_APPROVAL_UNTRUSTED' | 'ERR_GUARD_APPROVAL_INVALID', why: string): VerbatimError =>
  new VerbatimError(code, why)

export interface ApprovalStepInput {
  /** The decision's approval members (§14.2), as parseDecision read them. */
  bound: { approval?: { id: string; approvers: Array<{ approver: string; credentialId: string; assertionDigest: string }> }; approvalFault?: string }
  /** The Verbatim-Approval header, or null. */
  header: string | null
  /** The verified call: the decision's agent, tool and audience, and the approval digest of its bytes (§14.1). */
  call: { agent: string; tool: string; audience: string; digest: string }
  trust: TrustFile
  requirement: GuardRequirement
  /** Unix seconds. */
  now: number
  skewSeconds: number
}

/**
 * Step 12 of docs/binding.md §6 (§14.3), a to g; h, the single use, is the guard's replay store.
 * Returns the evidence; throws ERR_GUARD_APPROVAL_… at the first failure.
 */
export async function checkApproval(i: ApprovalStepInput): Promise<Evidence> {
  const b = i.bound
  // a: an approval is named, and its assertions travel with it.
  if (b.approval === undefined && b.approvalFault === undefined) throw refuse('ERR_GUARD_APPROVAL_MISSING', `${i.call.tool} runs only with a person's approval, and the binding names none`)
  if (b.approvalFault !== undefined) throw refuse('ERR_GUARD_APPROVAL_MALFORMED', `Verbatim-Decision: ${b.approvalFault}`)
  const bound = b.approval as NonNullable<typeof b.approval>
  if (i.header === null) throw refuse('ERR_GUARD_APPROVAL_MISSING', 'the binding names an approval, but no Verbatim-Approval header carries its assertions')
  // b: the header is read one way.
  const e = parseEvidence(i.header)
  // c: the approval is for this call, and its assertions are the ones the signed decision names.
  const t = e.approval
  const differs = (['agent', 'tool', 'audience', 'digest'] as const).find((k) => t[k] !== i.call[k])
  if (t.approvalId !== bound.id) throw refuse('ERR_GUARD_APPROVAL_MISMATCH', `the header carries approval ${t.approvalId}, the decision names ${bound.id}`)
  if (differs !== undefined) throw refuse('ERR_GUARD_APPROVAL_MISMATCH', `the approval is for ${differs} ${JSON.stringify(t[differs])}, the call has ${JSON.stringify(i.call[differs])}`)
  if (e.approvals.length !== bound.approvers.length) throw refuse('ERR_GUARD_APPROVAL_MISMATCH', `the header carries ${e.approvals.length} assertions, the decision names ${bound.approvers.length}`)
  e.approvals.forEach((v, k) => {
    const d = bound.approvers[k] as (typeof bound.approvers)[number]
    if (v.approver !== d.approver || v.credentialId !== d.credentialId || assertionDigest(v) !== d.assertionDigest) {
      throw refuse('ERR_GUARD_APPROVAL_MISMATCH', `assertion ${k} is not the one the signed decision names (approver, credential or digest differ)`)
    }
  })
  // d: still valid, and not from the future.
  if (i.now > t.expires + i.skewSeconds) throw refuse('ERR_GUARD_APPROVAL_EXPIRED', `the approval expired at ${t.expires} (now ${i.now}, skew ${i.skewSeconds} s)`)
  if (t.asked > i.now + i.skewSeconds) throw refuse('ERR_GUARD_APPROVAL_EXPIRED', `the approval was asked at ${t.asked}, after now (${i.now}) + skew`)
  // e: every credential is one the trust file lists for that approver; approvers are distinct.
  const seen = new Set<string>()
  const keys = e.approvals.map((v, k) => {
    if (seen.has(v.approver)) throw refuse('ERR_GUARD_APPROVAL_MISMATCH', `${v.approver} is named twice`)
    seen.add(v.approver)
    const key = i.trust.approvers[v.approver]?.credentials.find((c) => c.id === v.credentialId)
    if (key === undefined) throw refuse('ERR_GUARD_APPROVAL_UNTRUSTED', `assertion ${k}: credential ${v.credentialId} is not trusted for ${v.approver}`)
    return key
  })
  // f: each assertion is over the challenge of this approval and its approver's comment (WebAuthn Level 3 §7.2).
  const rp: RelyingParty = { rpId: i.trust.rpId, origins: i.trust.origins, userVerification: i.trust.userVerification }
  for (const [k, v] of e.approvals.entries()) {
    const r = await verifyAssertion(v, { id: v.credentialId, publicKey: (keys[k] as { publicKey: string }).publicKey }, challengeOf(subjectOf(t, 'approve', v.comment)), rp)
    if (!r.ok) throw refuse('ERR_GUARD_APPROVAL_INVALID', `assertion ${k} (${v.approver}): ${r.step}: ${r.why}`)
  }
  // g: enough of them are in the required group.
  const members = e.approvals.filter((v) => i.trust.approvers[v.approver]?.groups.includes(i.requirement.group)).length
  if (members < i.requirement.approvers) throw refuse('ERR_GUARD_APPROVAL_UNTRUSTED', `${members} trusted approver(s) of ${i.requirement.group} approved; ${i.requirement.approvers} required`)
  return e
}
