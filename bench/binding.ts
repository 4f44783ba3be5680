/**
 * @module bench/binding: cost of signing and verifying one binding (1 KiB body) against a bare
 * Ed25519 sign/verify of the same base in the same run; the ratio is the protocol's overhead
 * (digest, structured headers, base construction, parsing).
 * Run: npm run build && node dist/bench/binding.js
 */
import { createPublicKey, sign, verify } from 'node:crypto'
import { checkDigest, parseBinding, signBinding, verifySignature } from '../src/binding/index.js'
import { testSigningKey } from '../src/spec/index.js'

const key = testSigningKey()
const pub = createPublicKey(key.privateKey)
const body = new TextEncoder().encode(JSON.stringify({ path: '/workspace/a.txt', data: 'x'.repeat(1000) }))
const decision = { id: '01JGZ8X5T2Q9V3K7M4N6P8R0SW', agent: 'coder', tool: 'fs.write', policyDigest: 'ab'.repeat(32), audience: 'sandbox-1' }
const input = { method: 'POST', path: '/v1/tools/fs.write', body, decision, key, now: 1767225600, ttlSeconds: 60, nonce: 'AAECAwQFBgcICQoLDA0ODw' }

function rate(name: string, n: number, fn: () => void): number {
  for (let i = 0; i < 200; i++) fn()
  const t0 = process.hrtime.bigint()
  for (let i = 0; i < n; i++) fn()
  const perSec = n / (Number(process.hrtime.bigint() - t0) / 1e9)
  console.log(`${name.padEnd(34)} ${Math.round(perSec).toLocaleString('en-US').padStart(9)} ops/s`)
  return perSec
}

const signed = signBinding(input)
const h = new Headers(signed.headers)
const req = { method: 'POST', path: '/v1/tools/fs.write', query: '', headers: (n: string): string | null => h.get(n) }
const base = Buffer.from(signed.signatureBase, 'ascii')
const sig = sign(null, base, key.privateKey)
const N = 5000

const rawSign = rate('baseline: ed25519 sign(base)', N, () => { sign(null, base, key.privateKey) })
const fullSign = rate('signBinding', N, () => { signBinding(input) })
const rawVerify = rate('baseline: ed25519 verify(base)', N, () => { verify(null, base, pub, sig) })
const fullVerify = rate('parse + verifySignature + digest', N, () => {
  const p = parseBinding(req)
  verifySignature(p, pub)
  checkDigest(p, body)
})
console.log(`sign overhead ratio   ${(rawSign / fullSign).toFixed(2)}x (baseline ops/s / binding ops/s)`)
console.log(`verify overhead ratio ${(rawVerify / fullVerify).toFixed(2)}x`)
