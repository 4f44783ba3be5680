/**
 * @module spec/vectors-approval-fixed: the fixed inputs of the approval vectors (docs/binding.md §14.5):
 * two test passkeys and the approval they sign. ECDSA signatures are randomised, so the ES256
 * assertion's signature is a recorded constant; the EdDSA one is made anew (RFC 8032 is deterministic).
 */
import { createPrivateKey } from 'node:crypto'
import type { KeyObject } from 'node:crypto'
import type { ApprovalTarget } from '../approval/index.js'
import { VECTOR_INPUT } from './vector-kit.js'

/** RFC 8032 §7.1 TEST 3 secret key: alice's EdDSA passkey (COSE alg -8). A published test key. */
export const PASSKEY_ED25519_SEED_HEX = 'c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7'
/** RFC 6979 §A.2.5's P-256 private key: bob's ES256 passkey (COSE alg -7). A published test key. */
export const PASSKEY_P256_D_HEX = 'c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721'

export const CREDENTIAL_ID_ALICE = Buffer.from('alice-passkey-01')
export const CREDENTIAL_ID_BOB = Buffer.from('bob-passkey-0001')

/** The console the test passkeys were made for. */
export const VECTOR_RP = { rpId: 'approvals.example', origins: ['https://approvals.example'], userVerification: 'required' as const }

/** The approval the vectors run under: for the main vector's call (docs/binding.md §10.2). */
export const VECTOR_APPROVAL: ApprovalTarget = {
  approvalId: 'ap-01JGZ8X0000000000000000000',
  decisionId: '01JGZ8X0ASKED0000000000000',
  agent: VECTOR_INPUT.decision.agent,
  tool: VECTOR_INPUT.decision.tool,
  audience: VECTOR_INPUT.decision.audience,
  digest: '', // the main body's SHA-256, filled in by the vectors
  policyDigest: VECTOR_INPUT.decision.policyDigest,
  asked: VECTOR_INPUT.now - 120,
  expires: VECTOR_INPUT.now + 780,
}

// RFC 8410 §7: PKCS#8 prefix of an Ed25519 private key, then the 32-byte seed.
const PKCS8_ED25519 = '302e020100300506032b657004220420'
// RFC 5915 / SEC 1: PKCS#8 of a P-256 private key without its public key, then the 32-byte d.
const PKCS8_P256 = '3041020100301306072a8648ce3d020106082a8648ce3d030107042730250201010420'

export function passkeyEd25519(): KeyObject {
  return createPrivateKey({ key: Buffer.from(PKCS8_ED25519 + PASSKEY_ED25519_SEED_HEX, 'hex'), format: 'der', type: 'pkcs8' })
}

export function passkeyP256(): KeyObject {
  return createPrivateKey({ key: Buffer.from(PKCS8_P256 + PASSKEY_P256_D_HEX, 'hex'), format: 'der', type: 'pkcs8' })
}

/** bob's ES256 signature over his approval's authenticatorData || SHA-256(clientDataJSON), recorded once (DER). */
export const BOB_ES256_SIGNATURE_B64URL = 'MEYCIQCfzv5sVvK7bL7vMnJv02D2kACOhWqYBOK1ZAWHqPJM0wIhAOC4TJP4RrjMRrd8dtesV96r1LGRfW9JG2bjq1hFRJ4w'
