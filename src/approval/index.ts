/** @module approval: a person's approval, bound to the bytes that will run: the subject and its challenge, the WebAuthn assertion, its record, the pending calls. Pure. */
export { SUBJECT_CONTEXT, MAX_COMMENT, checkSubject, subjectOf, subjectBytes, challengeOf, targetOf } from './subject.js'
export type { ApprovalTarget, ApprovalSubject, ApprovalAction } from './subject.js'
export { assertionDigest, verifyAssertion, wellFormed } from './assertion.js'
export type { Assertion, AssertionCheck, CredentialKey, RelyingParty } from './assertion.js'
