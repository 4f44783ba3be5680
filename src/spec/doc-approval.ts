/** @module spec/doc-approval: section 14 of docs/binding.md: a person's approval, carried to the guard and verified there. */
import { challengeOf, subjectBytes, subjectOf } from '../approval/index.js'
import { fence } from './doc-util.js'
import { requestLists } from './doc-vectors.js'
import { approvalFixture } from './vectors-approval.js'
import type { BindingVectors } from './vectors.js'
import { BOB_ES256_SIGNATURE_B64URL, PASSKEY_ED25519_SEED_HEX, PASSKEY_P256_D_HEX } from './vectors-approval-fixed.js'

function covers(): string[] {
  const { target } = approvalFixture()
  const subject = subjectOf(target, 'approve', 'deploy agreed')
  return [
    '### 14.1 What a person approves, and what travels to the guard',
    '',
    'A policy rule with `effect: ask` holds a call until people approve it (docs/approvals.md). Each approver\'s device',
    'signs, with a passkey (WebAuthn Level 3), a challenge derived from the call. A guard told to require approvals',
    'for a tool verifies those signatures itself, so a gate that is not to be trusted cannot run that tool without them.',
    '',
    '*The approved bytes and their digest.* Profile `tools`: the body, exactly as forwarded. Profile `mcp` (§13): the RFC',
    '8785 bytes of the JSON-RPC message without its `id` member (a transport counter that changes when a client sends the',
    'call again; every other member, `params._meta` included, is approved). The *approval digest* is the lowercase hex',
    'SHA-256 of those bytes.',
    '',
    '*The target* of an approval is an object of nine members: `approvalId` and `decisionId` (the call that asked), `agent`,',
    '`tool` and `audience` (as the decision names them), `digest` (the approval digest), `policyDigest`, and `asked` and',
    '`expires` (Integers, unix seconds; `asked < expires`). The *subject* one approver signs is the target with three more',
    'members: `context`, the String `"verbatim-approval-v1"`; `action`, `"approve"` or `"deny"`; and `comment`, what the',
    'approver wrote (one line, at most 500 characters, `""` for none). The *challenge* is SHA-256 of the subject\'s RFC 8785',
    'bytes, base64url without padding: the value `clientDataJSON.challenge` must hold. For the vectors\' approval with the',
    'comment `deploy agreed`:',
    '',
    ...fence('', `${new TextDecoder().decode(subjectBytes(subject))}\nchallenge: ${challengeOf(subject)}`),
    '',
    '*An assertion* is what `navigator.credentials.get()` returned: `credentialId`, `clientDataJSON`, `authenticatorData`',
    'and `signature`, each base64url without padding (RFC 4648 §5, canonical). Its *digest* is the lowercase hex SHA-256 of',
    'the RFC 8785 bytes of the object of those four members.',
    '',
    '*`Verbatim-Approval`* carries the assertions: a Byte Sequence (RFC 9651 §3.3.5, canonical base64 with padding) whose',
    'bytes are the RFC 8785 form of `{"approval": <target>, "approvals": [<vote>, …]}`, each vote an object of exactly',
    '`approver`, `comment` and the four assertion parts, in the order the approvers approved. It is not among the covered',
    'components (§4): the signed `Verbatim-Decision` binds each assertion\'s digest (§14.2), so a header swapped for another',
    'fails step 12c, as a body swapped for another fails step 7.',
    '',
  ]
}

function decision(v: BindingVectors): string[] {
  const accepted = v.requests.find((r) => r.verifier.approvals !== undefined && r.expect === 'accept')
  return [
    '### 14.2 The approval in `Verbatim-Decision`',
    '',
    'A call that runs under an approval carries two more members of `Verbatim-Decision` (§3.2), after the others:',
    '`approval`, a String, the approval id; and `approvers`, an Inner List with one String per approver (their name), in',
    'the order they approved, each with the parameters `cred` (a Byte Sequence: the credential id\'s bytes) and `asn` (a',
    'Byte Sequence of 32 bytes: the assertion\'s digest). The vectors\' accepted call:',
    '',
    ...fence('', `Verbatim-Decision: ${accepted?.request.headers['verbatim-decision'] ?? ''}`),
    '',
    'A guard that requires no approval for the tool ignores both members (they are signed, and audited); step 2i does not',
    'read them.',
    '',
  ]
}

const STEP12 = [
  '### 14.3 Step 12: the approval (after step 11, for a tool the guard requires approvals for)',
  '',
  'A guard configured with approvers it trusts (§14.4) and requirements (tool patterns, exact or a prefix ending in `*`;',
  'a group; a number of approvers) runs step 12 for a call whose decision\'s `tool` one requirement covers, the first',
  'that covers it. Every failure here comes after the nonce was claimed (step 10b), so the binding is spent.',
  '',
  '- a. `Verbatim-Decision` has an `approval` member; else `ERR_GUARD_APPROVAL_MISSING`. Its `approval` and `approvers`',
  '     members are as §14.2 says; else `ERR_GUARD_APPROVAL_MALFORMED`. `Verbatim-Approval` is present; else',
  '     `ERR_GUARD_APPROVAL_MISSING`.',
  '- b. `Verbatim-Approval` (trimmed of SP and HTAB) is at most 16384 bytes, `:` + canonical base64 + `:`, its bytes are',
  '     UTF-8 JSON in RFC 8785 form, of exactly the shape of §14.1, every target member valid; else `ERR_GUARD_APPROVAL_MALFORMED`.',
  '- c. The target\'s `approvalId` equals the decision\'s `approval`; its `agent`, `tool` and `audience` equal the decision\'s;',
  '     its `digest` equals the approval digest of the verified body (§14.1); there are as many votes as `approvers`, and',
  '     vote *i* names the approver, credential id (base64url of `cred`) and assertion digest (hex of `asn`) of the',
  '     decision\'s entry *i*; else `ERR_GUARD_APPROVAL_MISMATCH`.',
  '- d. `now <= expires + skew` and `asked <= now + skew`; else `ERR_GUARD_APPROVAL_EXPIRED`.',
  '- e. No approver is named twice (else `ERR_GUARD_APPROVAL_MISMATCH`), and each vote\'s credential id is one the trust',
  '     file lists for that approver; else `ERR_GUARD_APPROVAL_UNTRUSTED`.',
  '- f. Each vote\'s assertion verifies as WebAuthn Level 3 §7.2 says, with the credential\'s COSE public key, over the',
  '     challenge of the subject (target, `action` `"approve"`, the vote\'s `comment`): `clientDataJSON` is UTF-8 JSON with',
  '     `type` `"webauthn.get"`, that `challenge`, an `origin` of the trust file\'s `origins`, no `topOrigin` and no',
  '     `crossOrigin: true`; `authenticatorData` is at least 37 bytes, its first 32 the SHA-256 of the trust file\'s `rpId`,',
  '     the UP flag (0x01) set and, when `userVerification` is `required`, the UV flag (0x04); and `signature` verifies',
  '     over `authenticatorData || SHA-256(clientDataJSON)` (EdDSA, COSE alg -8: Ed25519, raw 64 bytes; ES256, alg -7:',
  '     ECDSA P-256 with SHA-256, DER). Else `ERR_GUARD_APPROVAL_INVALID`. The signCount is not checked here: the guard',
  '     keeps no per-credential state; 12h makes each approval run once.',
  '- g. At least `approvers` of the voters are, per the trust file, in the requirement\'s group; else',
  '     `ERR_GUARD_APPROVAL_UNTRUSTED`.',
  '- h. If the guard runs the restart rule (§8), `asked <= startedAt + skew` (or the store\'s last loss + skew) is',
  '     `ERR_GUARD_BEFORE_START`. Then claim `approval:` + `approvalId` in the replay store until `expires + skew`; already',
  '     claimed is `ERR_GUARD_APPROVAL_REPLAY`. A guard refilling its store from its executed log (§8) claims the approvals',
  '     of its accepted executions again too, until their `expires + skew`.',
  '',
  'The executed log\'s `execution` record keeps `approvalId`, `approvalExpires` and the approvers\' names.',
  '',
]

function trust(): string[] {
  const { state } = approvalFixture()
  return [
    '### 14.4 The approvers a guard trusts',
    '',
    'A JSON object (`verbatim approvers export` writes it from the gate\'s config and the passkeys enrolled): `rpId` and',
    '`origins` of the console, `userVerification` (`required` or `preferred`), and `approvers`, by name, each with its',
    '`groups` and its `credentials` (`id` and `publicKey`, the COSE_Key of RFC 9052 §7, base64url). The vectors\' file:',
    '',
    ...fence('json', JSON.stringify(state.trust, null, 2)),
    '',
  ]
}

function vectors(v: BindingVectors): string[] {
  const list = v.requests.filter((r) => r.verifier.approvals !== undefined)
  return [
    '### 14.5 Approval vectors',
    '',
    `Request vectors whose verifier state has \`approvals\` (the trust file and the requirements) and may list`,
    '`seenApprovals` (approval ids whose claim is held). Their passkeys are published test keys: alice\'s is Ed25519 with',
    `the RFC 8032 §7.1 TEST 3 seed \`${PASSKEY_ED25519_SEED_HEX}\`; bob's is P-256 with RFC 6979 §A.2.5's \`d = ${PASSKEY_P256_D_HEX}\`.`,
    'ECDSA signatures are randomised, so bob\'s ES256 signature is a recorded constant',
    `(\`${BOB_ES256_SIGNATURE_B64URL}\`); tests/spec/approval-vectors.test.ts checks that it still signs what the vectors build.`,
    ...requestLists(list),
  ]
}

/** Section 14. */
export function specApprovals(v: BindingVectors): string[] {
  return ['## 14. Approvals: a person\'s signature over the bytes that run', '', ...covers(), ...decision(v), ...STEP12, ...trust(), ...vectors(v)]
}
