/** @module spec/vectors-approval: request vectors of step 12, a person's approval (docs/binding.md §14). */
import { createHash } from 'node:crypto'
import { boundApprovers, challengeOf, evidenceOf, serializeEvidence, subjectOf } from '../approval/index.js'
import type { ApprovalTarget, Assertion, GuardRequirement, TrustFile } from '../approval/index.js'
import { FLAG_UP, softAssertion, softCredential } from './soft-authenticator.js'
import type { SoftCredential } from './soft-authenticator.js'
import type { Kit, RequestVector, VectorRequest } from './vector-kit.js'
import { VECTOR_INPUT } from './vector-kit.js'
import {
  BOB_ES256_SIGNATURE_B64URL, CREDENTIAL_ID_ALICE, CREDENTIAL_ID_BOB, VECTOR_APPROVAL, VECTOR_RP, passkeyEd25519, passkeyP256,
} from './vectors-approval-fixed.js'

/** What a guard requires of approvals, for a vector (guard.yaml approvals: the trust file, and the requirements). */
export interface ApprovalState {
  trust: TrustFile
  require: GuardRequirement[]
}

const b64u = (b: Uint8Array): string => Buffer.from(b).toString('base64url')
const ORIGIN = VECTOR_RP.origins[0] as string

/** The fixed approval of the main call, and its two passkeys. */
export function approvalFixture(): { target: ApprovalTarget; alice: SoftCredential; bob: SoftCredential; state: ApprovalState } {
  const target: ApprovalTarget = { ...VECTOR_APPROVAL, digest: createHash('sha256').update(VECTOR_INPUT.body).digest('hex') }
  const alice = softCredential(passkeyEd25519(), -8, CREDENTIAL_ID_ALICE, 7)
  const bob = softCredential(passkeyP256(), -7, CREDENTIAL_ID_BOB, 3)
  const cred = (c: SoftCredential): { id: string; publicKey: string } => ({ id: b64u(c.id), publicKey: b64u(c.publicKeyCose) })
  const trust: TrustFile = {
    ...VECTOR_RP, origins: [...VECTOR_RP.origins],
    approvers: { alice: { groups: ['oncall'], credentials: [cred(alice)] }, bob: { groups: ['oncall', 'security'], credentials: [cred(bob)] }, carol: { groups: ['security'], credentials: [] } },
  }
  return { target, alice, bob, state: { trust, require: [{ tools: [VECTOR_INPUT.decision.tool], group: 'oncall', approvers: 1 }] } }
}

/** alice's EdDSA assertion over the approval of `target` with `comment` (deterministic, RFC 8032). */
export function aliceAssertion(alice: SoftCredential, target: ApprovalTarget, comment: string, o: { origin?: string; flags?: number } = {}): Assertion {
  return softAssertion(alice, { challenge: challengeOf(subjectOf(target, 'approve', comment)), origin: o.origin ?? ORIGIN, rpId: VECTOR_RP.rpId, signCount: 7, ...(o.flags === undefined ? {} : { flags: o.flags }) })
}

/** bob's ES256 assertion over the main approval with the comment "second pair of eyes": its signature is the recorded one. */
export function bobAssertion(bob: SoftCredential, target: ApprovalTarget): Assertion {
  const made = softAssertion(bob, { challenge: challengeOf(subjectOf(target, 'approve', 'second pair of eyes')), origin: ORIGIN, rpId: VECTOR_RP.rpId, signCount: 3 })
  return { ...made, signature: BOB_ES256_SIGNATURE_B64URL }
}

export function approvalVectors(k: Kit): RequestVector[] {
  const { target, alice, bob, state } = approvalFixture()
  const good = aliceAssertion(alice, target, 'deploy agreed')
  /** A request that carries `votes` as evidence, bound as `bound` (default: what the evidence says). */
  const carrying = (votes: Array<{ approver: string; comment: string; assertion: Assertion }>, o: { evidence?: Partial<ApprovalTarget>; bound?: ReturnType<typeof boundApprovers>; boundId?: string; header?: (h: string) => string } = {}): VectorRequest => {
    const e = evidenceOf({ ...target, ...o.evidence }, votes)
    const req = k.sign({ decision: { approval: { id: o.boundId ?? e.approval.approvalId, approvers: o.bound ?? boundApprovers(e) } } })
    const header = serializeEvidence(e)
    return { ...req, headers: { ...req.headers, 'verbatim-approval': o.header === undefined ? header : o.header(header) } }
  }
  const alices = carrying([{ approver: 'alice', comment: 'deploy agreed', assertion: good }])
  const v = (name: string, expect: string, req: VectorRequest, s: Partial<Kit['verifier']> = {}): RequestVector =>
    k.vector(name, expect, expect === 'accept' ? undefined : 12, req, { approvals: state, ...s }, expect === 'accept' ? { path: '/workspace/a.txt' } : undefined)
  const edit = (a: Assertion, part: 'clientDataJSON', f: (s: string) => string): Assertion => ({ ...a, [part]: Buffer.from(f(Buffer.from(a[part], 'base64url').toString('utf8'))).toString('base64url') })
  const two = { ...state, require: [{ tools: [VECTOR_INPUT.decision.tool], group: 'oncall', approvers: 2 }] }
  return [
    v('approved by one trusted approver (EdDSA passkey)', 'accept', alices),
    v('approved by two, one with an ES256 passkey, under a two-person rule', 'accept', carrying([{ approver: 'alice', comment: 'deploy agreed', assertion: good }, { approver: 'bob', comment: 'second pair of eyes', assertion: bobAssertion(bob, target) }]), { approvals: two }),
    v('an approval on a tool the guard does not require it for (signed, not checked)', 'accept', alices, { approvals: { ...state, require: [{ tools: ['shell.exec'], group: 'oncall', approvers: 1 }] } }),
    v('12a: a required approval, and the binding names none', 'ERR_GUARD_APPROVAL_MISSING', k.ok),
    v('12a: the binding names an approval, and no Verbatim-Approval carries it', 'ERR_GUARD_APPROVAL_MISSING', (() => {
      const { 'verbatim-approval': _x, ...headers } = alices.headers
      return { ...alices, headers }
    })()),
    v('12a: an approver in Verbatim-Decision whose asn is not 32 bytes', 'ERR_GUARD_APPROVAL_MALFORMED', (() => {
      const bound = { id: target.approvalId, approvers: boundApprovers(evidenceOf(target, [{ approver: 'alice', comment: 'deploy agreed', assertion: good }])) }
      const dh = alices.headers['verbatim-decision'] ?? ''
      const bad = dh.replace(/asn=:[^:]+:/, 'asn=:AAAA:')
      return { ...alices, headers: k.signRaw({ ...alices.headers, 'verbatim-decision': bad }, k.baseOf({ decision: { approval: bound } }).replace(dh, bad)) }
    })()),
    v('12b: Verbatim-Approval without its colons (a Token, not a Byte Sequence)', 'ERR_GUARD_APPROVAL_MALFORMED', carrying([{ approver: 'alice', comment: 'deploy agreed', assertion: good }], { header: (h) => h.slice(1, -1) })),
    v('12b: a space inside the Byte Sequence of Verbatim-Approval', 'ERR_GUARD_APPROVAL_MALFORMED', carrying([{ approver: 'alice', comment: 'deploy agreed', assertion: good }], { header: (h) => `${h.slice(0, 40)} ${h.slice(40)}` })),
    v('12b: Verbatim-Approval JSON not in RFC 8785 form', 'ERR_GUARD_APPROVAL_MALFORMED', carrying([{ approver: 'alice', comment: 'deploy agreed', assertion: good }], { header: (h) => `:${Buffer.from(JSON.stringify(JSON.parse(Buffer.from(h.slice(1, -1), 'base64').toString()), null, 1)).toString('base64')}:` })),
    v('12c: the evidence names another approval id than the decision', 'ERR_GUARD_APPROVAL_MISMATCH', carrying([{ approver: 'alice', comment: 'deploy agreed', assertion: good }], { boundId: 'ap-another' })),
    v('12c: an approval of other bytes (the person approved another digest)', 'ERR_GUARD_APPROVAL_MISMATCH', carrying([{ approver: 'alice', comment: 'deploy agreed', assertion: aliceAssertion(alice, { ...target, digest: 'ee'.repeat(32) }, 'deploy agreed') }], { evidence: { digest: 'ee'.repeat(32) } })),
    v('12c: the decision binds another assertion digest (an assertion swapped after signing)', 'ERR_GUARD_APPROVAL_MISMATCH', carrying([{ approver: 'alice', comment: 'deploy agreed', assertion: good }], { bound: [{ approver: 'alice', credentialId: good.credentialId, assertionDigest: '00'.repeat(32) }] })),
    v('12d: the approval expired (expires + skew is past) while the binding is fresh', 'ERR_GUARD_APPROVAL_EXPIRED', (() => {
      const old = { asked: k.created - 1000, expires: k.created - k.verifier.skewSeconds - 11 }
      return carrying([{ approver: 'alice', comment: 'deploy agreed', assertion: aliceAssertion(alice, { ...target, ...old }, 'deploy agreed') }], { evidence: old })
    })()),
    v('12d: an approval asked after now + skew', 'ERR_GUARD_APPROVAL_EXPIRED', (() => {
      const ahead = { asked: k.created + 10 + k.verifier.skewSeconds + 5, expires: k.created + 1000 }
      return carrying([{ approver: 'alice', comment: 'deploy agreed', assertion: aliceAssertion(alice, { ...target, ...ahead }, 'deploy agreed') }], { evidence: ahead })
    })()),
    v('12e: a credential the trust file does not list for the approver', 'ERR_GUARD_APPROVAL_UNTRUSTED', alices, { approvals: { ...state, trust: { ...state.trust, approvers: { ...state.trust.approvers, alice: { groups: ['oncall'], credentials: [] } } } } }),
    v('12f: signed by another key under the trusted credential id', 'ERR_GUARD_APPROVAL_INVALID', alices, { approvals: { ...state, trust: { ...state.trust, approvers: { ...state.trust.approvers, alice: { groups: ['oncall'], credentials: [{ id: b64u(alice.id), publicKey: b64u(bob.publicKeyCose) }] } } } } }),
    v('12f: the comment changed after it was signed (the challenge differs)', 'ERR_GUARD_APPROVAL_INVALID', carrying([{ approver: 'alice', comment: 'deploy agreed, and also rm -rf', assertion: good }])),
    v('12f: made at another origin', 'ERR_GUARD_APPROVAL_INVALID', carrying([{ approver: 'alice', comment: 'deploy agreed', assertion: aliceAssertion(alice, target, 'deploy agreed', { origin: 'https://phish.example' }) }])),
    v('12f: the user was not verified (no UV flag)', 'ERR_GUARD_APPROVAL_INVALID', carrying([{ approver: 'alice', comment: 'deploy agreed', assertion: aliceAssertion(alice, target, 'deploy agreed', { flags: FLAG_UP }) }])),
    v('12f: client data of a registration (type webauthn.create)', 'ERR_GUARD_APPROVAL_INVALID', carrying([{ approver: 'alice', comment: 'deploy agreed', assertion: edit(good, 'clientDataJSON', (s) => s.replace('webauthn.get', 'webauthn.create')) }])),
    v('12g: fewer trusted members of the group than required', 'ERR_GUARD_APPROVAL_UNTRUSTED', alices, { approvals: two }),
    v('12g: an approver of another group', 'ERR_GUARD_APPROVAL_UNTRUSTED', alices, { approvals: { ...state, require: [{ tools: [VECTOR_INPUT.decision.tool], group: 'security', approvers: 1 }] } }),
    v('12h: the approval ran a call already', 'ERR_GUARD_APPROVAL_REPLAY', alices, { seenApprovals: [target.approvalId] }),
    v('12h: the restart rule: asked before the guard\'s replay store could know whether it ran', 'ERR_GUARD_BEFORE_START', alices, { startedAt: k.created - k.verifier.skewSeconds - 1 }),
  ]
}
