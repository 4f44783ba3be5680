/** @module spec/vectors: the published test vectors, regenerated from fixed inputs (docs/binding-vectors.json). */
import { createHash, createPrivateKey } from 'node:crypto'
import type { JWK } from 'jose'
import { COVERED_COMPONENTS, DEFAULT_MAX_TTL_SECONDS, DEFAULT_SKEW_SECONDS, DEFAULT_TTL_SECONDS, SIGNATURE_ALG, SIGNATURE_LABEL, SIGNATURE_TAG, jwks, signingKeyFromPrivate } from '../binding/index.js'
import type { SigningKey } from '../binding/index.js'
import type { RequestVector, VectorRequest, VerifierState } from './vector-kit.js'
import { VECTOR_INPUT, b64, kit } from './vector-kit.js'
import { acceptVectors } from './vectors-accept.js'
import { earlyVectors } from './vectors-early.js'
import { lateVectors } from './vectors-late.js'
import { MCP_VECTOR_INPUT, mcpAcceptVectors, mcpKit } from './vectors-mcp.js'
import { mcpRefusedVectors } from './vectors-mcp-refused.js'
import { approvalVectors } from './vectors-approval.js'
import { mcpStatelessVectors } from './vectors-mcp-stateless.js'
import type { KeySetVector, SigningKeyVector } from './vectors-keys.js'
import { keySetVectors, signingKeyVectors } from './vectors-keys.js'
import type { ReceiptVector } from './vectors-receipt.js'
import { receiptVectors } from './vectors-receipt.js'

export { VECTOR_INPUT } from './vector-kit.js'
export { MCP_VECTOR_INPUT } from './vectors-mcp.js'
export type { RequestVector, VectorRequest, VerifierState, VectorStep } from './vector-kit.js'
export type { ReceiptVector } from './vectors-receipt.js'
export type { KeySetVector, SigningKeyVector } from './vectors-keys.js'

/** RFC 8032 §7.1 TEST 1 secret key: the gate's key in the vectors. A published test key: never use it for anything real. */
export const TEST_KEY_SEED_HEX = '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60'
/** RFC 8032 §7.1 TEST 2 secret key: the guard's receipt key in the vectors, and "another key" in the refusals. */
export const TEST_KEY_2_SEED_HEX = '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb'
// RFC 8410 §7: PKCS#8 prefix for an Ed25519 private key, followed by the 32-byte seed.
const PKCS8_ED25519_PREFIX = '302e020100300506032b657004220420'

/** An Ed25519 signing key from a 32-byte seed (hex). */
export function signingKeyFromSeed(seedHex: string): SigningKey {
  const der = Buffer.from(PKCS8_ED25519_PREFIX + seedHex, 'hex')
  return signingKeyFromPrivate(createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }))
}

/** The test signing key of the vectors. */
export function testSigningKey(): SigningKey {
  return signingKeyFromSeed(TEST_KEY_SEED_HEX)
}

/** Codes that no vector can pin, because they depend on something other than the request and the state. */
export const UNCOVERED_CODES: ReadonlyArray<{ code: string; reason: string }> = [
  { code: 'ERR_GUARD_EXECUTOR_UNAVAILABLE', reason: 'depends on the executor behind a standalone guard (not listening, crashed, timed out, or answered a line that is not JSON) after every step passed; tests/guard/standalone.test.ts pins it' },
  { code: 'ERR_GUARD_EXECUTOR_BUSY', reason: 'depends on how many verified calls are queued for a stdio executor at that moment; tests/guard/executor-stdio.test.ts pins it' },
  { code: 'ERR_GUARD_PATH_OUTSIDE', reason: 'depends on the executor\'s file system (symlinks, mounts) when the optional path check of docs/guard.md resolves a path argument after every step passed; tests/guard/paths.test.ts pins it' },
  { code: 'ERR_GUARD_OVERLOADED', reason: 'depends on how many connections and body bytes a standalone guard holds at that moment, before any step runs; tests/e2e/gate-resources.test.ts pins it' },
]

export interface BindingVectors {
  note: string
  version: 2
  profile: Record<string, unknown>
  key: { note: string; seedHex: string; privatePem: string; publicJwk: JWK; kid: string }
  jwks: { keys: JWK[] }
  input: typeof VECTOR_INPUT & { bodyBase64: string }
  expected: { headers: Record<string, string>; signatureBase: string; created: number; expires: number }
  /** The default verifier state; every request vector states its own in full. */
  verifier: VerifierState
  /** The main MCP vector (docs/binding.md §13.1): its fixed inputs, the request as sent and its signature base. */
  mcp: { input: typeof MCP_VECTOR_INPUT; request: VectorRequest; signatureBase: string }
  requests: RequestVector[]
  receipts: { key: { note: string; seedHex: string; publicJwk: JWK; kid: string }; vectors: ReceiptVector[] }
  signingKeys: SigningKeyVector[]
  keySets: KeySetVector[]
  uncovered: ReadonlyArray<{ code: string; reason: string }>
}

/** Builds every vector from the fixed inputs. Deterministic: Ed25519 signatures are (RFC 8032 §5.1.6). */
export function buildVectors(): BindingVectors {
  const key = testSigningKey()
  const guardKey = signingKeyFromSeed(TEST_KEY_2_SEED_HEX)
  const k = kit(key)
  const m = mcpKit(k)
  const main: VectorRequest = k.ok
  const signed = { headers: Object.fromEntries(Object.entries(main.headers).filter(([n]) => n !== 'content-type')), signatureBase: k.base }
  const body = VECTOR_INPUT.body
  const digest = createHash('sha256').update(body).digest('hex')
  return {
    note: 'Verbatim binding test vectors (docs/binding.md §10). Generated from src/spec/vectors*.ts; a test fails on any drift.',
    version: 2,
    profile: {
      label: SIGNATURE_LABEL, tag: SIGNATURE_TAG, alg: SIGNATURE_ALG, components: [...COVERED_COMPONENTS],
      skewSeconds: DEFAULT_SKEW_SECONDS, ttlSeconds: DEFAULT_TTL_SECONDS, maxTtlSeconds: DEFAULT_MAX_TTL_SECONDS,
    },
    key: {
      note: 'TEST KEY ONLY: the RFC 8032 section 7.1 TEST 1 key. It is public; never trust it in a real deployment.',
      seedHex: TEST_KEY_SEED_HEX,
      privatePem: key.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      publicJwk: key.publicJwk,
      kid: key.kid,
    },
    jwks: jwks([key]),
    input: { ...VECTOR_INPUT, bodyBase64: b64(body) },
    expected: { headers: signed.headers, signatureBase: signed.signatureBase, created: k.created, expires: k.expires },
    verifier: k.verifier,
    mcp: { input: MCP_VECTOR_INPUT, request: m.request(), signatureBase: m.base },
    requests: [...acceptVectors(k), ...earlyVectors(k), ...lateVectors(k, guardKey), ...mcpAcceptVectors(m), ...mcpRefusedVectors(k, m), ...mcpStatelessVectors(m), ...approvalVectors(k)],
    receipts: {
      key: { note: 'TEST KEY ONLY: the RFC 8032 section 7.1 TEST 2 key, as the guard\'s receipt key.', seedHex: TEST_KEY_2_SEED_HEX, publicJwk: guardKey.publicJwk, kid: guardKey.kid },
      vectors: receiptVectors(guardKey, key, { decisionId: VECTOR_INPUT.decision.id, digest, aud: VECTOR_INPUT.decision.audience, status: 200 }, k.created + 1),
    },
    signingKeys: signingKeyVectors(key),
    keySets: keySetVectors(key),
    uncovered: UNCOVERED_CODES,
  }
}

/** The text of docs/binding-vectors.json. */
export function renderBindingVectorsJson(): string {
  return JSON.stringify(buildVectors(), null, 2) + '\n'
}
