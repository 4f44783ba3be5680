/** @module binding/vectors: the published test vectors, regenerated from fixed inputs (docs/binding-vectors.json). */
import { createPrivateKey } from 'node:crypto'
import type { JWK } from 'jose'
import type { BindingDecision } from './decision-header.js'
import { jwks } from './jwks.js'
import { signingKeyFromPrivate } from './keys.js'
import type { SigningKey } from './sign.js'
import { signBinding } from './sign.js'
import { COVERED_COMPONENTS, SIGNATURE_ALG, SIGNATURE_LABEL, SIGNATURE_TAG } from './signature-base.js'
import { DEFAULT_MAX_TTL_SECONDS, DEFAULT_SKEW_SECONDS, DEFAULT_TTL_SECONDS } from './verify.js'

/** RFC 8032 §7.1 TEST 1 secret key. A published test key: never use it for anything real. */
export const TEST_KEY_SEED_HEX = '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60'
// RFC 8410 §7: PKCS#8 prefix for an Ed25519 private key, followed by the 32-byte seed.
const PKCS8_ED25519_PREFIX = '302e020100300506032b657004220420'

/** The test signing key of the vectors. */
export function testSigningKey(): SigningKey {
  const der = Buffer.from(PKCS8_ED25519_PREFIX + TEST_KEY_SEED_HEX, 'hex')
  return signingKeyFromPrivate(createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }))
}

export const VECTOR_INPUT = {
  method: 'POST',
  path: '/v1/tools/fs.read',
  query: '',
  body: '{"path":"/workspace/a.txt"}',
  decision: {
    id: '01JGZ8X5T2Q9V3K7M4N6P8R0SW',
    agent: 'coder',
    tool: 'fs.read',
    policyDigest: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
    audience: 'sandbox-1',
  } satisfies BindingDecision,
  now: 1767225600, // 2026-01-01T00:00:00Z
  ttlSeconds: DEFAULT_TTL_SECONDS,
  nonce: 'AAECAwQFBgcICQoLDA0ODw', // bytes 0x00..0x0f, base64url
} as const

export interface VectorRequest {
  method: string
  path: string
  query: string
  headers: Record<string, string>
  bodyBase64: string
}

export interface NegativeVector {
  name: string
  request: VectorRequest
  verifier: { now: number; audience: string; keys: JWK[] }
  expectCode: string
}

export interface BindingVectors {
  note: string
  profile: Record<string, unknown>
  key: { note: string; seedHex: string; privatePem: string; publicJwk: JWK; kid: string }
  jwks: { keys: JWK[] }
  input: typeof VECTOR_INPUT & { bodyBase64: string }
  expected: { headers: Record<string, string>; signatureBase: string; created: number; expires: number }
  verifier: { now: number; audience: string; skewSeconds: number; maxTtlSeconds: number }
  negative: NegativeVector[]
}

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64')

/** Builds every vector from the fixed inputs. Deterministic: Ed25519 signatures are (RFC 8032 §5.1.6). */
export function buildVectors(): BindingVectors {
  const key = testSigningKey()
  const input = VECTOR_INPUT
  const signed = signBinding({ ...input, body: new TextEncoder().encode(input.body), decision: { ...input.decision }, key })
  const { keys } = jwks([key])
  const now = input.now + 10
  const audience = input.decision.audience
  const ok: VectorRequest = { method: input.method, path: input.path, query: input.query, headers: signed.headers, bodyBase64: b64(input.body) }
  const verifier = { now, audience, keys }
  const neg = (name: string, expectCode: string, req: Partial<VectorRequest>, v: Partial<NegativeVector['verifier']> = {}): NegativeVector => ({
    name, request: { ...ok, ...req }, verifier: { ...verifier, ...v }, expectCode,
  })
  const h = signed.headers
  const without = (...names: string[]): Record<string, string> => Object.fromEntries(Object.entries(h).filter(([k]) => !names.includes(k)))
  return {
    note: 'Verbatim binding test vectors (docs/binding.md). Generated from src/binding/vectors.ts; a test fails on any drift.',
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
    jwks: { keys },
    input: { ...input, bodyBase64: b64(input.body) },
    expected: { headers: signed.headers, signatureBase: signed.signatureBase, created: signed.created, expires: signed.expires },
    verifier: { now, audience, skewSeconds: DEFAULT_SKEW_SECONDS, maxTtlSeconds: DEFAULT_MAX_TTL_SECONDS },
    negative: [
      neg('no signature headers', 'ERR_GUARD_SIGNATURE_MISSING', { headers: without('signature', 'signature-input') }),
      neg('a second verbatim-v1 signature', 'ERR_GUARD_SIGNATURE_MULTIPLE', {
        headers: { ...h, 'signature-input': `${h['signature-input']}, again=${(h['signature-input'] ?? '').slice(SIGNATURE_LABEL.length + 1)}`, signature: `${h.signature}, again=${(h.signature ?? '').slice(SIGNATURE_LABEL.length + 1)}` },
      }),
      neg('label renamed in Signature-Input only', 'ERR_GUARD_SIGNATURE_MULTIPLE', { headers: { ...h, 'signature-input': (h['signature-input'] ?? '').replace(/^verbatim=/, 'renamed=') } }),
      neg('label renamed in both headers', 'ERR_GUARD_SIGNATURE_MALFORMED', {
        headers: { ...h, 'signature-input': (h['signature-input'] ?? '').replace(/^verbatim=/, 'renamed='), signature: (h.signature ?? '').replace(/^verbatim=/, 'renamed=') },
      }),
      neg('tag changed', 'ERR_GUARD_SIGNATURE_MISSING', { headers: { ...h, 'signature-input': (h['signature-input'] ?? '').replace('"verbatim-v1"', '"other-v1"') } }),
      neg('nonce parameter removed', 'ERR_GUARD_PARAMS_MISSING', { headers: { ...h, 'signature-input': (h['signature-input'] ?? '').replace(/;nonce="[^"]*"/, '') } }),
      neg('content-digest no longer covered', 'ERR_GUARD_PARAMS_MISSING', { headers: { ...h, 'signature-input': (h['signature-input'] ?? '').replace(' "content-digest"', '') } }),
      neg('alg changed to rsa-pss-sha512', 'ERR_GUARD_ALG_UNSUPPORTED', { headers: { ...h, 'signature-input': (h['signature-input'] ?? '').replace('"ed25519"', '"rsa-pss-sha512"') } }),
      neg('verified after expires + skew', 'ERR_GUARD_EXPIRED', {}, { now: signed.expires + DEFAULT_SKEW_SECONDS + 1 }),
      neg('verified before created - skew', 'ERR_GUARD_NOT_YET_VALID', {}, { now: signed.created - DEFAULT_SKEW_SECONDS - 1 }),
      neg('unknown keyid', 'ERR_GUARD_KEY_UNKNOWN', {}, { keys: [] }),
      neg('audience changed in Verbatim-Decision', 'ERR_GUARD_SIGNATURE_INVALID', { headers: { ...h, 'verbatim-decision': (h['verbatim-decision'] ?? '').replace('"sandbox-1"', '"sandbox-2"') } }),
      neg('query appended', 'ERR_GUARD_SIGNATURE_INVALID', { query: '?path=/etc/passwd' }),
      neg('one body byte changed', 'ERR_GUARD_DIGEST_MISMATCH', { bodyBase64: b64(input.body.replace('a.txt', 'b.txt')) }),
      neg('body re-spaced', 'ERR_GUARD_DIGEST_MISMATCH', { bodyBase64: b64(input.body.replace(':', ': ')) }),
      neg('verifier has another audience', 'ERR_GUARD_AUDIENCE', {}, { audience: 'sandbox-2' }),
    ],
  }
}

/** The text of docs/binding-vectors.json. */
export function renderBindingVectorsJson(): string {
  return JSON.stringify(buildVectors(), null, 2) + '\n'
}
