/** @module tests/binding/helpers: fixtures and a reference pipeline of verification steps 1-9. */
import type { KeyObject } from 'node:crypto'
import { createPublicKey } from 'node:crypto'
import type { JWK } from 'jose'
import type { BindingDecision, ParsedBinding, SignedBinding, SigningKey } from '../../src/binding/index.js'
import {
  checkAlg, checkAudience, checkDigest, checkTarget, checkWindow, parseBinding, signBinding, verifySignature,
} from '../../src/binding/index.js'
import { testSigningKey } from '../../src/spec/index.js'
import { VerbatimError } from '../../src/errors/index.js'

export const KEY: SigningKey = testSigningKey()
export const PUBLIC: KeyObject = createPublicKey(KEY.privateKey)
export const NOW = 1767225600
export const BODY = new TextEncoder().encode('{"path":"/workspace/a.txt"}')
export const DECISION: BindingDecision = {
  id: '01JGZ8X5T2Q9V3K7M4N6P8R0SW', agent: 'coder', tool: 'fs.read', policyDigest: 'ab'.repeat(32), audience: 'sandbox-1',
}
export const NONCE = 'AAECAwQFBgcICQoLDA0ODw'

export function sign(over: Partial<Parameters<typeof signBinding>[0]> = {}): SignedBinding {
  return signBinding({ method: 'POST', path: '/v1/tools/fs.read', body: BODY, decision: DECISION, key: KEY, now: NOW, ttlSeconds: 60, nonce: NONCE, ...over })
}

export function request(headers: Record<string, string>, over: { method?: string; path?: string; query?: string } = {}): Parameters<typeof parseBinding>[0] {
  const h = new Headers(headers)
  return { method: over.method ?? 'POST', path: over.path ?? '/v1/tools/fs.read', query: over.query ?? '', headers: (n) => h.get(n) }
}

/** Runs steps 1-9 in the order of docs/binding.md. */
export function verifySteps(
  req: Parameters<typeof parseBinding>[0], body: Uint8Array, opts: { now: number; audience: string; keys: JWK[] },
): ParsedBinding {
  const parsed = parseBinding(req)
  checkAlg(parsed)
  checkWindow(parsed.params, opts.now)
  const jwk = opts.keys.find((k) => k.kid === parsed.params.keyid)
  if (jwk === undefined) throw new VerbatimError('ERR_GUARD_KEY_UNKNOWN')
  verifySignature(parsed, createPublicKey({ key: jwk as import('node:crypto').JsonWebKey, format: 'jwk' }))
  checkDigest(parsed, body)
  checkAudience(parsed, opts.audience)
  checkTarget(parsed)
  return parsed
}

/** The error code a function throws, or 'OK'. */
export function codeOf(fn: () => unknown): string {
  try {
    fn()
    return 'OK'
  } catch (e) {
    if (e instanceof VerbatimError) return e.code
    throw e
  }
}
