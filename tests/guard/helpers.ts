/** @module tests/guard/helpers: signed requests and verifier options for the guard tests. */
import { generateKeyPairSync } from 'node:crypto'
import { jwks, signBinding, signingKeyFromPrivate } from '../../src/binding/index.js'
import { testSigningKey } from '../../src/spec/index.js'
import type { BindingDecision, SigningKey } from '../../src/binding/index.js'
import type { GuardRequest, VerifyBindingOptions } from '../../src/guard/index.js'
import { MemoryReplayStore, jwksKeyResolver } from '../../src/guard/index.js'

export const NOW = 1767225600
export const KEY: SigningKey = testSigningKey()
export const OTHER_KEY: SigningKey = signingKeyFromPrivate(generateKeyPairSync('ed25519').privateKey)
export const BODY = '{"path":"/workspace/a.txt"}'
export const DECISION: BindingDecision = {
  id: 'dec-1', agent: 'coder', tool: 'fs.read', policyDigest: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', audience: 'sandbox-1',
}

let counter = 0
/** A fresh 128-bit nonce, deterministic per call. */
export function nonce(): string {
  counter++
  return Buffer.from(`nonce-${String(counter).padStart(10, '0')}`).toString('base64url')
}

export interface Signed {
  method: string
  path: string
  query: string
  headers: Record<string, string>
  body: Uint8Array
}

export function sign(over: { body?: string | Uint8Array; decision?: Partial<BindingDecision>; now?: number; ttl?: number; key?: SigningKey; path?: string; nonce?: string; method?: string } = {}): Signed {
  const body = typeof over.body === 'string' || over.body === undefined ? new TextEncoder().encode(over.body ?? BODY) : over.body
  const decision = { ...DECISION, ...over.decision }
  const path = over.path ?? `/v1/tools/${decision.tool}`
  const method = over.method ?? 'POST'
  const s = signBinding({ method, path, body, decision, key: over.key ?? KEY, now: over.now ?? NOW, ttlSeconds: over.ttl ?? 60, nonce: over.nonce ?? nonce() })
  // The gate sends application/json; the guard refuses anything else at step 0.
  return { method, path, query: '', headers: { 'content-type': 'application/json', ...s.headers }, body }
}

export function request(s: Signed): GuardRequest {
  const h = new Map(Object.entries(s.headers).map(([k, v]) => [k.toLowerCase(), v]))
  return { method: s.method, path: s.path, query: s.query, headers: (n) => h.get(n.toLowerCase()) ?? null }
}

export function options(over: Partial<VerifyBindingOptions> = {}): VerifyBindingOptions {
  return { audience: 'sandbox-1', keys: jwksKeyResolver({ jwks: jwks([KEY]) }), replay: new MemoryReplayStore(), now: NOW + 5, ...over }
}
