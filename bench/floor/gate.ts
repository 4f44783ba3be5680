/**
 * @module bench/floor/gate: the floor of a gate, the unavoidable work and nothing else: a bearer
 * token, the strict parse + RFC 8785 (the gate's parser: nothing else refuses duplicate keys), a
 * decision, SHA-256, one Ed25519 signature over the RFC 9421 base, the decision record durable
 * (group commit) before a byte goes upstream, an undici pool, the receipt verified when guarded,
 * the outcome recorded. Its headers are the gate's, byte for byte, so it works with the real guard
 * too. argv: PORT UPSTREAM KEY.pem LOGFILE TOKEN [GUARD-JWKS]
 */
import { createHash, createPrivateKey, createPublicKey, randomBytes, randomUUID, sign, timingSafeEqual, verify } from 'node:crypto'
import type { KeyObject } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { ServerResponse } from 'node:http'
import { Pool } from 'undici'
import { canonicalBytes } from '../../src/canonical/index.js'
import { FloorLog } from './log.js'

const [port, upstream, keyFile, logFile, token, guardJwks] = process.argv.slice(2) as string[]
const key = createPrivateKey(readFileSync(keyFile as string))
// RFC 7638: the kid is the SHA-256 thumbprint of the public JWK's required members.
const kid = createHash('sha256').update(`{"crv":"Ed25519","kty":"OKP","x":"${String(createPublicKey(key).export({ format: 'jwk' }).x)}"}`).digest('base64url')
const log = new FloorLog(logFile as string, key)
const pool = new Pool(upstream as string, { connections: 256, pipelining: 1 })
const tokenHash = createHash('sha256').update(token as string).digest()
const policy = Buffer.alloc(32, 7).toString('base64') // the policy digest, as the decision header carries it
const receiptKeys = new Map<string, KeyObject>()
for (const k of guardJwks === undefined ? [] : JSON.parse(readFileSync(guardJwks, 'utf8')).keys) receiptKeys.set(k.kid, createPublicKey({ key: k, format: 'jwk' }))
let nonces = Buffer.alloc(0)
let at = 0

const b64 = (b: Buffer): string => b.toString('base64')
const fail = (res: ServerResponse, status: number, why: string): void => void res.writeHead(status, { 'content-type': 'application/problem+json' }).end(JSON.stringify({ status, why }))

createServer((req, res) => {
  const chunks: Buffer[] = []
  req.on('data', (c: Buffer) => chunks.push(c))
  req.on('end', () => void call(req.url as string, req.headers.authorization, Buffer.concat(chunks), res).catch((e: Error) => fail(res, 502, e.message)))
}).listen(Number(port), '127.0.0.1')

async function call(path: string, auth: string | undefined, body: Buffer, res: ServerResponse): Promise<void> {
  const presented = createHash('sha256').update(auth?.startsWith('Bearer ') === true ? auth.slice(7) : '').digest()
  if (!timingSafeEqual(presented, tokenHash)) return fail(res, 401, 'unauthenticated')
  const tool = path.slice('/v1/tools/'.length)
  if (!path.startsWith('/v1/tools/') || !/^[a-z0-9][a-z0-9_.-]{0,127}$/.test(tool)) return fail(res, 404, 'no such tool')
  // The strict parse (DESIGN invariant 2): JSON.parse keeps the last of two duplicate keys and lets
  // lone surrogates through, and no library refuses them, so the floor parses as the gate does.
  let value: { path?: unknown }
  let canon: Buffer
  try {
    const c = canonicalBytes(body)
    value = c.value as { path?: unknown }
    canon = Buffer.from(c.bytes.buffer, c.bytes.byteOffset, c.bytes.byteLength)
  } catch {
    return fail(res, 400, 'not one meaning')
  }
  if (tool !== 'fs.read' || typeof value.path !== 'string' || !value.path.startsWith('/workspace/')) return fail(res, 403, 'denied')
  const digest = createHash('sha256').update(canon).digest()
  const id = randomUUID()
  if (at + 16 > nonces.length) [nonces, at] = [randomBytes(4096), 0]
  const nonce = nonces.toString('base64url', at, (at += 16))
  const created = Math.floor(Date.now() / 1000)
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'content-length': String(canon.length),
    'content-digest': `sha-256=:${b64(digest)}:`,
    'verbatim-decision': `id="${id}", agent="coder", tool="${tool}", policy=:${policy}:, aud="bench"`,
  }
  const params = `("@method" "@path" "@query" "content-digest" "verbatim-decision");created=${created};expires=${created + 60};nonce="${nonce}";keyid="${kid}";alg="ed25519";tag="verbatim-v1"`
  const base = `"@method": POST\n"@path": ${path}\n"@query": ?\n"content-digest": ${headers['content-digest']}\n"verbatim-decision": ${headers['verbatim-decision']}\n"@signature-params": ${params}`
  headers['signature-input'] = `verbatim=${params}`
  headers['signature'] = `verbatim=:${b64(sign(null, Buffer.from(base), key))}:`
  await log.append('decision', { decisionId: id, agent: 'coder', tool, verdict: 'allow', digest: digest.toString('hex'), policy, nonce, created, keyid: kid })
  const r = await pool.request({ path, method: 'POST', headers, body: canon })
  const answer = Buffer.from(await r.body.arrayBuffer())
  const receipt = r.headers['verbatim-receipt']
  if (receiptKeys.size > 0) checkReceipt(String(receipt), id, digest.toString('hex'), r.statusCode)
  void log.append('forward', { decisionId: id, status: r.statusCode, receipt: String(receipt) }, false)
  res.writeHead(r.statusCode, { 'content-type': String(r.headers['content-type']), 'verbatim-decision-id': id, 'verbatim-receipt': String(receipt) }).end(answer)
}

/** A compact JWS (RFC 7515) signed by the guard, naming this decision, these bytes, this audience and status. */
function checkReceipt(receipt: string, id: string, digest: string, status: number): void {
  const [h, p, s] = receipt.split('.') as [string, string, string]
  const head = JSON.parse(Buffer.from(h, 'base64url').toString())
  const k = receiptKeys.get(head.kid)
  if (k === undefined || !verify(null, Buffer.from(`${h}.${p}`), k, Buffer.from(s, 'base64url'))) throw new Error('receipt signature')
  const c = JSON.parse(Buffer.from(p, 'base64url').toString())
  if (c.decisionId !== id || c.digest !== digest || c.status !== status || c.aud !== 'bench') throw new Error('receipt claims')
}
