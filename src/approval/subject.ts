/**
 * @module approval/subject: what a person approves, and the WebAuthn challenge derived from it; pure.
 * The approver's device signs the challenge, so its signature covers these fields and nothing else.
 */
import { createHash } from 'node:crypto'
import canonicalize from 'canonicalize'
import { VerbatimError } from '../errors/index.js'

/** Names the format: a challenge of this kind is never the hash of another kind of object. */
export const SUBJECT_CONTEXT = 'verbatim-approval-v1'

/** The call an approval is for: everything but the approver's own action and comment. */
export interface ApprovalTarget {
  /** The approval's id (also in the status URL and the decision header). */
  approvalId: string
  /** The decision id of the call that asked (its `decision` record has verdict `ask`). */
  decisionId: string
  agent: string
  /** The tool as policy names it (`shell.exec`, `mcp:{server}/tools/call/{tool}`). */
  tool: string
  /** The executor's audience. */
  audience: string
  /** Lowercase hex SHA-256 of the approved bytes (docs/binding.md §14.1: the body, or an MCP message without its id). */
  digest: string
  /** Lowercase hex SHA-256 of the policy set that asked. */
  policyDigest: string
  /** Unix seconds: when the call asked (the approval opened). */
  asked: number
  /** Unix seconds: the approval may be used until then, and not after. */
  expires: number
}

export type ApprovalAction = 'approve' | 'deny'

/** The object whose RFC 8785 bytes are hashed into the challenge. */
export interface ApprovalSubject extends ApprovalTarget {
  context: typeof SUBJECT_CONTEXT
  action: ApprovalAction
  /** What the approver wrote (empty for none): signed with the action, so it is theirs. */
  comment: string
}

const HEX64 = /^[0-9a-f]{64}$/
// Printable ASCII, as the decision header carries these fields (RFC 8941 §3.3.3 sf-string).
const PRINTABLE = /^[\x20-\x7e]{1,256}$/
/** Longest comment, in UTF-16 code units. */
export const MAX_COMMENT = 500

/** Checks a subject's fields; a subject that fails is never hashed (nothing could sign it by mistake). */
export function checkSubject(s: ApprovalSubject): ApprovalSubject {
  const bad = (what: string): never => {
    throw new VerbatimError('ERR_INTERNAL', `approval subject: ${what}`)
  }
  if (s.context !== SUBJECT_CONTEXT) bad(`context must be ${SUBJECT_CONTEXT}`)
  for (const k of ['approvalId', 'decisionId', 'agent', 'tool', 'audience'] as const) if (!PRINTABLE.test(s[k])) bad(`${k} must be 1-256 printable ASCII characters`)
  if (!HEX64.test(s.digest) || !HEX64.test(s.policyDigest)) bad('digest and policyDigest are 64 lowercase hex digits')
  if (!Number.isSafeInteger(s.asked) || !Number.isSafeInteger(s.expires) || s.asked < 0 || s.expires <= s.asked) bad('asked and expires are integer unix seconds, expires after asked')
  if (s.action !== 'approve' && s.action !== 'deny') bad('action is approve or deny')
  if (typeof s.comment !== 'string' || s.comment.length > MAX_COMMENT || /[\u0000-\u001f\u007f]/.test(s.comment)) bad(`comment is one line of at most ${MAX_COMMENT} characters`)
  return s
}

/** The subject of one approver's action on a target. */
export function subjectOf(target: ApprovalTarget, action: ApprovalAction, comment: string): ApprovalSubject {
  const { approvalId, decisionId, agent, tool, audience, digest, policyDigest, asked, expires } = target
  return checkSubject({ context: SUBJECT_CONTEXT, approvalId, decisionId, agent, tool, audience, digest, policyDigest, asked, expires, action, comment })
}

/** RFC 8785 bytes of the subject (its members sorted, §3.2.3), as UTF-8. */
export function subjectBytes(s: ApprovalSubject): Uint8Array {
  const text = canonicalize(checkSubject(s))
  if (text === undefined) throw new VerbatimError('ERR_INTERNAL', 'approval subject has no RFC 8785 form')
  return new TextEncoder().encode(text)
}

/**
 * The WebAuthn challenge (WebAuthn Level 3 §13.4.3: at least 16 random-looking bytes): SHA-256 of
 * the subject's RFC 8785 bytes, base64url without padding, as `clientDataJSON.challenge` holds it (§5.8.1).
 * @example challengeOf(subjectOf(target, 'approve', '')) // 'Xb0…' (43 characters)
 */
export function challengeOf(s: ApprovalSubject): string {
  return createHash('sha256').update(subjectBytes(s)).digest('base64url')
}

/** The target part of a subject, e.g. to compare two approvers' subjects. */
export function targetOf(s: ApprovalTarget): ApprovalTarget {
  const { approvalId, decisionId, agent, tool, audience, digest, policyDigest, asked, expires } = s
  return { approvalId, decisionId, agent, tool, audience, digest, policyDigest, asked, expires }
}
