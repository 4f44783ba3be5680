/**
 * @module approval/record: the `approval` audit record, which holds everything its check needs (the
 * subject, the assertion, the credential's public key, the relying party), and that check; pure.
 * `audit explain` and `audit reconcile` re-verify an approval from the log alone with it.
 */
import type { Assertion, AssertionCheck, RelyingParty } from './assertion.js'
import { assertionDigest, verifyAssertion } from './assertion.js'
import type { ApprovalSubject, ApprovalTarget } from './subject.js'
import { challengeOf, checkSubject, subjectOf, SUBJECT_CONTEXT } from './subject.js'
import type { Vote } from './votes.js'

type Json = string | number | boolean | null | Json[] | { [k: string]: Json }

/** The fields of an `approval` record: one approver's signed action on one call. */
export function approvalRecordFields(o: { target: ApprovalTarget; vote: Vote; publicKey: string; rp: RelyingParty; signCount: number }): Record<string, Json> {
  const subject = subjectOf(o.target, o.vote.action, o.vote.comment)
  const a = o.vote.assertion
  return {
    approvalId: o.target.approvalId, approver: o.vote.approver, action: o.vote.action, comment: o.vote.comment,
    subject: { ...subject },
    credentialId: a.credentialId, publicKey: o.publicKey,
    clientDataJSON: a.clientDataJSON, authenticatorData: a.authenticatorData, signature: a.signature,
    assertionDigest: o.vote.assertionDigest,
    rpId: o.rp.rpId, origins: [...o.rp.origins], userVerification: o.rp.userVerification, signCount: o.signCount,
  }
}

/** What an `approval` record says, read back. */
export interface ApprovalRecord {
  approvalId: string
  approver: string
  action: 'approve' | 'deny'
  comment: string
  subject: ApprovalSubject
  publicKey: string
  assertion: Assertion
  assertionDigest: string
  rp: RelyingParty
}

const str = (r: Record<string, unknown>, k: string): string | undefined => (typeof r[k] === 'string' ? (r[k] as string) : undefined)

/** Reads an `approval` record, or says what it lacks. */
export function readApprovalRecord(r: Record<string, unknown>): ApprovalRecord | string {
  const need = ['approvalId', 'approver', 'action', 'credentialId', 'publicKey', 'clientDataJSON', 'authenticatorData', 'signature', 'assertionDigest', 'rpId', 'userVerification'] as const
  for (const k of need) if (str(r, k) === undefined) return `the record has no ${k}`
  const s = r['subject']
  if (typeof s !== 'object' || s === null || Array.isArray(s)) return 'the record has no subject'
  const origins = r['origins']
  if (!Array.isArray(origins) || !origins.every((o) => typeof o === 'string')) return 'the record has no origins'
  let subject: ApprovalSubject
  try {
    subject = checkSubject({ ...(s as ApprovalSubject), context: (s as ApprovalSubject).context ?? SUBJECT_CONTEXT })
  } catch (e) {
    return (e as Error).message
  }
  const uv = str(r, 'userVerification')
  return {
    approvalId: str(r, 'approvalId') as string, approver: str(r, 'approver') as string, action: str(r, 'action') === 'deny' ? 'deny' : 'approve', comment: str(r, 'comment') ?? '',
    subject, publicKey: str(r, 'publicKey') as string,
    assertion: { credentialId: str(r, 'credentialId') as string, clientDataJSON: str(r, 'clientDataJSON') as string, authenticatorData: str(r, 'authenticatorData') as string, signature: str(r, 'signature') as string },
    assertionDigest: str(r, 'assertionDigest') as string,
    rp: { rpId: str(r, 'rpId') as string, origins: origins as string[], userVerification: uv === 'preferred' ? 'preferred' : 'required' },
  }
}

/**
 * Re-verifies an approval from its record alone: the record agrees with its subject, the assertion
 * hashes to the recorded digest, and the approver's device signed the challenge derived from the
 * subject (WebAuthn Level 3 §7.2) with the recorded public key.
 */
export async function verifyApprovalRecord(r: Record<string, unknown>): Promise<{ ok: true; record: ApprovalRecord; check: AssertionCheck & { ok: true } } | { ok: false; why: string; record?: ApprovalRecord }> {
  const rec = readApprovalRecord(r)
  if (typeof rec === 'string') return { ok: false, why: rec }
  const s = rec.subject
  if (s.approvalId !== rec.approvalId || s.action !== rec.action || s.comment !== rec.comment) return { ok: false, why: 'the record and its subject disagree (approval id, action or comment)', record: rec }
  if (assertionDigest(rec.assertion) !== rec.assertionDigest) return { ok: false, why: 'the assertion does not hash to the recorded assertionDigest', record: rec }
  const check = await verifyAssertion(rec.assertion, { id: rec.assertion.credentialId, publicKey: rec.publicKey }, challengeOf(s), rec.rp)
  if (!check.ok) return { ok: false, why: `${check.step}: ${check.why}`, record: rec }
  return { ok: true, record: rec, check }
}
