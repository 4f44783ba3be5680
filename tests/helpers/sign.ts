/** A signed gate→guard request for the stack's guard, as the gate would send it. */
import { newNonce, signBinding } from '../../src/binding/index.js'
import type { SigningKey } from '../../src/binding/index.js'

export function signedCall(key: SigningKey, tool: string, body: string, over: { id?: string; audience?: string; now?: number } = {}): { path: string; headers: Record<string, string>; body: string } {
  const path = `/v1/tools/${tool}`
  const s = signBinding({
    method: 'POST', path, body: new TextEncoder().encode(body),
    decision: { id: over.id ?? `d-${newNonce()}`, agent: 'coder', tool, policyDigest: 'ab'.repeat(32), audience: over.audience ?? 'sandbox-1' },
    key, now: over.now ?? Math.floor(Date.now() / 1000), ttlSeconds: 60, nonce: newNonce(),
  })
  return { path, headers: { 'content-type': 'application/json', ...s.headers }, body }
}
