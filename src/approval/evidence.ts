/**
 * @module approval/evidence: the `Verbatim-Approval` header, which carries an approved call's
 * assertions from the gate to the guard (docs/binding.md §14.1); pure. The signed decision binds
 * each assertion's digest, so the header cannot be swapped without the binding failing.
 */
import canonicalize from 'canonicalize'
import { VerbatimError } from '../errors/index.js'
import type { Assertion } from './assertion.js'
import { assertionDigest, wellFormed } from './assertion.js'
import type { ApprovalTarget } from './subject.js'
import { checkSubject, subjectOf, SUBJECT_CONTEXT } from './subject.js'

export const APPROVAL_HEADER = 'verbatim-approval'

/** One approve vote as it travels: who, what they wrote, and what their device returned. */
export interface EvidenceVote extends Assertion {
  approver: string
  comment: string
}

/** The approval a call runs under, and the approvers' assertions, in the order they approved. */
export interface Evidence {
  approval: ApprovalTarget
  approvals: EvidenceVote[]
}

/** Longest header value a guard reads (about ten approvers' assertions). */
export const MAX_EVIDENCE_BYTES = 16 * 1024

const malformed = (why: string): VerbatimError => new VerbatimError('ERR_GUARD_APPROVAL_MALFORMED', `Verbatim-Approval: ${why}`)

/** `:<base64 of the RFC 8785 bytes of the evidence>:`, an RFC 8941 §3.3.5 Byte Sequence. */
export function serializeEvidence(e: Evidence): string {
  const text = canonicalize(e)
  if (text === undefined) throw new VerbatimError('ERR_INTERNAL', 'approval evidence has no RFC 8785 form')
  return `:${Buffer.from(text, 'utf8').toString('base64')}:`
}

/** The decision's approver list for this evidence (§14.2): name, credential id, assertion digest. */
export function boundApprovers(e: Evidence): Array<{ approver: string; credentialId: string; assertionDigest: string }> {
  return e.approvals.map((v) => ({ approver: v.approver, credentialId: v.credentialId, assertionDigest: assertionDigest(v) }))
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/**
 * Reads the header one way (§14.1): a Byte Sequence in canonical base64, whose bytes are the RFC 8785
 * form of the evidence (so the same evidence has one spelling), every field of the shape §14.1 gives.
 * Throws ERR_GUARD_APPROVAL_MALFORMED.
 */
export function parseEvidence(value: string): Evidence {
  const v = value.replace(/^[ \t]+|[ \t]+$/g, '')
  if (v.length > MAX_EVIDENCE_BYTES) throw malformed(`longer than ${MAX_EVIDENCE_BYTES} bytes`)
  const m = /^:([A-Za-z0-9+/]*={0,2}):$/.exec(v)
  if (m === null) throw malformed('not a Byte Sequence :base64:')
  const bytes = Buffer.from(m[1] as string, 'base64')
  if (bytes.toString('base64') !== m[1]) throw malformed('not canonical base64')
  let json: unknown
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes))
  } catch {
    throw malformed('its bytes are not UTF-8 JSON')
  }
  if (canonicalize(json) !== bytes.toString('utf8')) throw malformed('its JSON is not in RFC 8785 form')
  if (!isRecord(json) || !isRecord(json['approval']) || !Array.isArray(json['approvals']) || json['approvals'].length === 0) throw malformed('expected {"approval":{…},"approvals":[…]}')
  let approval: ApprovalTarget
  try {
    const t = json['approval'] as unknown as ApprovalTarget
    approval = checkSubject({ ...t, context: SUBJECT_CONTEXT, action: 'approve', comment: '' }) && t
  } catch (e) {
    throw malformed((e as Error).message)
  }
  const keys = ['agent', 'approvalId', 'asked', 'audience', 'decisionId', 'digest', 'expires', 'policyDigest', 'tool']
  if (Object.keys(approval).sort().join() !== keys.join()) throw malformed(`approval has exactly the members ${keys.join(', ')}`)
  const approvals = json['approvals'].map((x, i): EvidenceVote => {
    const want = ['approver', 'authenticatorData', 'clientDataJSON', 'comment', 'credentialId', 'signature']
    if (!isRecord(x) || Object.keys(x).sort().join() !== want.join() || !want.every((k) => typeof x[k] === 'string')) throw malformed(`approvals[${i}] has exactly the string members ${want.join(', ')}`)
    const vote = x as unknown as EvidenceVote
    const shape = wellFormed(vote)
    if (shape !== undefined) throw malformed(`approvals[${i}]: ${shape}`)
    try {
      subjectOf(approval, 'approve', vote.comment)
    } catch (e) {
      throw malformed(`approvals[${i}]: ${(e as Error).message}`)
    }
    return vote
  })
  return { approval, approvals }
}

/** The evidence of an approved call: its target and the approve votes that count, in the order cast. */
export function evidenceOf(approval: ApprovalTarget, votes: ReadonlyArray<{ approver: string; comment: string; assertion: Assertion }>): Evidence {
  return { approval: { ...approval }, approvals: votes.map((v) => ({ approver: v.approver, comment: v.comment, ...v.assertion })) }
}
