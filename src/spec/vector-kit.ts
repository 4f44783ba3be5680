/** @module spec/vector-kit: building blocks of the published test vectors: signed requests and verifier state. */
import { sign } from 'node:crypto'
import type { JWK } from 'jose'
import { serializeDictionary } from 'structured-headers'
import { DEFAULT_MAX_TTL_SECONDS, DEFAULT_SKEW_SECONDS, DEFAULT_TTL_SECONDS, SIGNATURE_LABEL, jwks, signBinding } from '../binding/index.js'
import type { BindingDecision, SigningKey } from '../binding/index.js'
import type { GuardRequirement, TrustFile } from '../approval/index.js'

/** The fixed inputs of the main vector (docs/binding.md §10.2). */
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

/** A request as the guard receives it; `query` is raw, with its leading `?`, and header names are lowercase. */
export interface VectorRequest {
  method: string
  path: string
  query: string
  headers: Record<string, string>
  bodyBase64: string
}

/** Everything a verifier needs besides the request, stated explicitly for every vector. */
export interface VerifierState {
  /** The guard's clock, unix seconds. */
  now: number
  /** The guard's configured audience. */
  audience: string
  /** The key set as configured: the verifier applies the key rules of §9 to it. */
  keys: JWK[]
  skewSeconds: number
  maxTtlSeconds: number
  /** The body limit of the pre-check. */
  maxBodyBytes: number
  /** Set when the restart rule applies (a volatile store that was not refilled): the guard's start, unix seconds. */
  startedAt?: number
  /** Nonces the replay store already holds. */
  seenNonces?: string[]
  /** 'unavailable': every claim fails (a lost Redis, a full memory store). */
  replayStore?: 'unavailable'
  /** What the executor speaks: absent or 'tools', POST /v1/tools/{tool}; 'mcp', the MCP profile of docs/binding.md §13. */
  profile?: 'tools' | 'mcp'
  /** Tools that run only with a person's approval, and the approvers trusted (docs/binding.md §14). */
  approvals?: { trust: TrustFile; require: GuardRequirement[] }
  /** Approval ids the replay store already holds (each ran a call). */
  seenApprovals?: string[]
}

/** The step of docs/binding.md §6 that refuses a vector: 'method' and 'body' are the pre-checks before step 0, in that order. */
export type VectorStep = 'method' | 'body' | 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12

export interface RequestVector {
  name: string
  /** The refusing step; absent on accepted vectors. */
  step?: VectorStep
  request: VectorRequest
  verifier: VerifierState
  /** 'accept', or the error code the guard answers. */
  expect: string
  /** For accepted vectors: the value the tool receives. */
  value?: unknown
}

export const b64 = (s: string | Uint8Array): string => Buffer.from(s).toString('base64')
export const CONTENT_TYPE = 'application/json'

/** Signing and verifying defaults, bound to one key. */
export interface Kit {
  key: SigningKey
  created: number
  expires: number
  /** The main vector's request. */
  ok: VectorRequest
  /** The main vector's signature base. */
  base: string
  /** The default verifier: 10 s after created, the test key set. */
  verifier: VerifierState
  sign(over?: SignOver): VectorRequest
  /** The signature base of what `sign(over)` signs. */
  baseOf(over?: SignOver): string
  /** Re-signs a request whose base the signer would refuse to build (e.g. a tab in a header value). */
  signRaw(headers: Record<string, string>, base: string): Record<string, string>
  vector(name: string, expect: string, step: VectorStep | undefined, req?: Partial<VectorRequest>, v?: Partial<VerifierState>, value?: unknown): RequestVector
}

export interface SignOver {
  body?: string | Uint8Array
  decision?: Partial<BindingDecision>
  path?: string
  method?: string
  ttl?: number
  key?: SigningKey
}

export function kit(key: SigningKey): Kit {
  const I = VECTOR_INPUT
  const signOne = (over: SignOver = {}): VectorRequest & { base: string } => {
    const body = typeof over.body === 'string' || over.body === undefined ? new TextEncoder().encode(over.body ?? I.body) : over.body
    const method = over.method ?? I.method
    const path = over.path ?? I.path
    const s = signBinding({ method, path, body, decision: { ...I.decision, ...over.decision }, key: over.key ?? key, now: I.now, ttlSeconds: over.ttl ?? I.ttlSeconds, nonce: I.nonce })
    return { method, path, query: '', headers: { 'content-type': CONTENT_TYPE, ...s.headers }, bodyBase64: b64(body), base: s.signatureBase }
  }
  const main = signOne()
  const { base: _b, ...ok } = main
  const verifier: VerifierState = {
    now: I.now + 10, audience: I.decision.audience, keys: jwks([key]).keys,
    skewSeconds: DEFAULT_SKEW_SECONDS, maxTtlSeconds: DEFAULT_MAX_TTL_SECONDS, maxBodyBytes: 1024 * 1024,
  }
  return {
    key, created: I.now, expires: I.now + I.ttlSeconds, ok, base: main.base, verifier,
    sign: (over) => {
      const { base: _base, ...req } = signOne(over)
      return req
    },
    baseOf: (over) => signOne(over).base,
    signRaw: (headers, base) => ({ ...headers, signature: serializeDictionary({ [SIGNATURE_LABEL]: sign(null, Buffer.from(base, 'latin1'), key.privateKey) }) }),
    vector: (name, expect, step, req = {}, v = {}, value) => {
      const out: RequestVector = { name, request: { ...ok, ...req }, verifier: { ...verifier, ...v }, expect }
      if (step !== undefined) out.step = step
      if (value !== undefined) out.value = value
      return out
    },
  }
}
