/**
 * @module bench/floor/guard: the floor of a guard: the binding read in the one spelling the gate
 * writes, the digest, one Ed25519 verify, the window, the audience, a nonce set, the body canonical
 * (JSON.parse + RFC 8785), the execution record durable before the executor is called (undici
 * pool), a signed receipt (the gate's JWS), the receipt recorded. Works behind the real gate too.
 * argv: PORT EXECUTOR GATE-JWKS KEY.pem LOGFILE
 */
import { createHash, createPrivateKey, createPublicKey, sign, verify } from 'node:crypto'
import type { KeyObject } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { IncomingHttpHeaders, ServerResponse } from 'node:http'
import canonicalize from 'canonicalize'
import { Pool } from 'undici'
import { FloorLog } from './log.js'

const [port, executor, gateJwks, keyFile, logFile] = process.argv.slice(2) as string[]
const key = createPrivateKey(readFileSync(keyFile as string))
const kid = createHash('sha256').update(`{"crv":"Ed25519","kty":"OKP","x":"${String(createPublicKey(key).export({ format: 'jwk' }).x)}"}`).digest('base64url')
const gateKeys = new Map<string, KeyObject>()
for (const k of JSON.parse(readFileSync(gateJwks as string, 'utf8')).keys) gateKeys.set(k.kid, createPublicKey({ key: k, format: 'jwk' }))
const log = new FloorLog(logFile as string, key)
const pool = new Pool(executor as string, { connections: 256, pipelining: 1 })
const seen = new Map<string, number>() // nonce → expiry (s), swept as it grows
const receiptHead = Buffer.from(JSON.stringify({ alg: 'EdDSA', kid, typ: 'verbatim-receipt+jws' })).toString('base64url')
const INPUT = /^verbatim=(\("@method" "@path" "@query" "content-digest" "verbatim-decision"\);created=(\d{1,12});expires=(\d{1,12});nonce="([A-Za-z0-9_-]{22,})";keyid="([A-Za-z0-9_-]+)";alg="ed25519";tag="verbatim-v1")$/
const DECISION = /^id="([\x21\x23-\x5b\x5d-\x7e]+)", agent="([^"\\]+)", tool="([^"\\]+)", policy=:[A-Za-z0-9+/]{43}=:, aud="bench"$/

// A refusal names its code, so that the real gate's probes find a guard here (gate/probe.ts).
const refuse = (res: ServerResponse, status: number, code: string): void => void res.writeHead(status, { 'content-type': 'application/problem+json' }).end(JSON.stringify({ status, code: `ERR_GUARD_${code}` }))

createServer((req, res) => {
  const chunks: Buffer[] = []
  req.on('data', (c: Buffer) => chunks.push(c))
  req.on('end', () => void run(req.url as string, req.headers, Buffer.concat(chunks), res).catch(() => refuse(res, 502, 'EXECUTOR_UNAVAILABLE')))
}).listen(Number(port), '127.0.0.1')

async function run(path: string, h: IncomingHttpHeaders, body: Buffer, res: ServerResponse): Promise<void> {
  const input = INPUT.exec(String(h['signature-input']))
  const decision = DECISION.exec(String(h['verbatim-decision']))
  const sig = /^verbatim=:([A-Za-z0-9+/]{86}==):$/.exec(String(h['signature']))
  if (h['signature-input'] === undefined || h['signature'] === undefined) return refuse(res, 401, 'SIGNATURE_MISSING')
  if (input === null || decision === null || sig === null) return refuse(res, 401, 'SIGNATURE_MALFORMED')
  const [, params, created, expires, nonce, keyid] = input as unknown as [string, string, string, string, string, string]
  const base = `"@method": POST\n"@path": ${path}\n"@query": ?\n"content-digest": ${h['content-digest']}\n"verbatim-decision": ${h['verbatim-decision']}\n"@signature-params": ${params}`
  const gateKey = gateKeys.get(keyid)
  if (gateKey === undefined || !verify(null, Buffer.from(base), gateKey, Buffer.from(sig[1] as string, 'base64'))) return refuse(res, 401, 'SIGNATURE_INVALID')
  const digest = createHash('sha256').update(body).digest()
  if (h['content-digest'] !== `sha-256=:${digest.toString('base64')}:`) return refuse(res, 401, 'DIGEST_MISMATCH')
  const now = Math.floor(Date.now() / 1000)
  if (Number(created) > now + 30 || Number(expires) + 30 < now || Number(expires) <= Number(created)) return refuse(res, 401, 'EXPIRED')
  if (seen.has(nonce)) return refuse(res, 401, 'REPLAY')
  if (seen.size > 100_000) for (const [n, until] of seen) if (until < now) seen.delete(n)
  seen.set(nonce, Number(expires) + 31)
  if (canonicalize(JSON.parse(body.toString('utf8'))) !== body.toString('utf8')) return refuse(res, 403, 'NOT_CANONICAL')
  const [, id, agent, tool] = decision as unknown as [string, string, string, string]
  const hex = digest.toString('hex')
  await log.append('execution', { decisionId: id, agent, tool, digest: hex, nonce, created: Number(created), keyid, target: path })
  const r = await pool.request({ path, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(body.length), 'verbatim-decision-id': id }, body })
  const answer = Buffer.from(await r.body.arrayBuffer())
  const payload = Buffer.from(JSON.stringify({ decisionId: id, digest: hex, status: r.statusCode, ts: now, aud: 'bench' })).toString('base64url')
  const receipt = `${receiptHead}.${payload}.${sign(null, Buffer.from(`${receiptHead}.${payload}`), key).toString('base64url')}`
  res.writeHead(r.statusCode, { 'content-type': String(r.headers['content-type']), 'verbatim-receipt': receipt }).end(answer)
  void log.append('receipt', { decisionId: id, digest: hex, status: r.statusCode, receipt }, false)
}
