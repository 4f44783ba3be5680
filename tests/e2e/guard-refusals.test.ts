/**
 * Real processes: the gate (bin/verbatim serve), three example executors behind the guard middleware
 * (dist/examples/executor/main.js), and a tampering middlebox in this process between them. Every
 * refusal must leave the tool un-run (the fs.write file absent) and no execution record.
 */
import { existsSync } from 'node:fs'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { createServer, request } from 'node:http'
import type { IncomingHttpHeaders, Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateKeyPair, jwks, writeKeyFiles } from '../../src/binding/index.js'
import { ROOT, BIN, start } from './procs.js'
import type { Proc } from './procs.js'
import { earlierRun } from '../helpers/guard-log.js'

const TOKEN = 'e2e-guard-token-0123456789'
type Mode = 'pass' | 'flip' | 'reorder' | 'reencode' | 'kid' | 'second-sig' | 'rename-label' | 'rename-both' | 'rename-header' | 'capture' | 'future' | 'audience'
interface Captured { path: string; headers: Record<string, string>; body: Buffer }
interface Exec { proc: Proc; url: string; ws: string; audit: string }

let dir: string
let gate: Proc
let gateUrl: string
let mb: Server
let mode: Mode = 'pass'
const captured: Captured[] = []
const ex: Record<'a' | 'future' | 'other', Exec> = {} as never

function sendRaw(target: string, c: Captured): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const r = request(target + c.path, { method: 'POST', headers: { ...c.headers, 'content-length': String(c.body.byteLength) } }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (d: Buffer) => chunks.push(d))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }))
    })
    r.on('error', reject)
    r.end(c.body)
  })
}

/** What a middlebox between gate and guard does to the request in each mode. */
function tamper(c: Captured): { c: Captured; to: string } {
  const h = { ...c.headers }
  let body = Buffer.from(c.body)
  const si = h['signature-input'] ?? ''
  switch (mode) {
    case 'flip': { const i = body.indexOf('flip'); body[i] = (body[i] as number) ^ 1; break }
    case 'reorder': body = Buffer.from(JSON.stringify(Object.fromEntries(Object.entries(JSON.parse(body.toString()) as object).reverse()))); break
    case 'reencode': body = Buffer.from(body.toString().replace('"n":1', '"n":1.0')); break
    case 'kid': h['signature-input'] = si.replace(/keyid="[^"]*"/, 'keyid="unknown-kid-0000000000000000000000000000"'); break
    case 'second-sig': h['signature-input'] = `${si}, evil=${si.slice('verbatim='.length)}`; h.signature = `${h.signature}, evil=${(h.signature ?? '').slice('verbatim='.length)}`; break
    case 'rename-label': h['signature-input'] = si.replace(/^verbatim=/, 'renamed='); break
    case 'rename-both': h['signature-input'] = si.replace(/^verbatim=/, 'renamed='); h.signature = (h.signature ?? '').replace(/^verbatim=/, 'renamed='); break
    case 'rename-header': h.digest = h['content-digest'] ?? ''; delete h['content-digest']; break
    default: break
  }
  const to = mode === 'future' ? ex.future.url : mode === 'audience' ? ex.other.url : ex.a.url
  return { c: { path: c.path, headers: h, body }, to }
}

async function startMiddlebox(): Promise<string> {
  mb = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (d: Buffer) => chunks.push(d))
    req.on('end', () => {
      const headers: Record<string, string> = {}
      for (const [k, v] of Object.entries(req.headers)) if (k !== 'host' && k !== 'connection' && k !== 'content-length' && typeof v === 'string') headers[k] = v
      const original = { path: req.url ?? '/', headers, body: Buffer.concat(chunks) }
      const isProbe = original.path.endsWith('/verbatim.probe')
      if (!isProbe) captured.push(original)
      if (mode === 'capture' && !isProbe) {
        res.writeHead(502).end()
        return
      }
      const { c, to } = isProbe ? { c: original, to: ex.a.url } : tamper(original)
      sendRaw(to, c).then((r) => {
        const out: Record<string, string> = {}
        for (const k of ['content-type', 'verbatim-receipt']) if (typeof r.headers[k] === 'string') out[k] = r.headers[k] as string
        res.writeHead(r.status, out).end(r.body)
      }, () => res.writeHead(502).end())
    })
  })
  await new Promise<void>((r) => mb.listen(0, '127.0.0.1', r))
  return `http://127.0.0.1:${(mb.address() as AddressInfo).port}`
}

async function startExecutor(name: string, jwksFile: string, extra: string[]): Promise<Exec> {
  const ws = join(dir, `ws-${name}`)
  const audit = join(dir, `audit-${name}`)
  await earlierRun(audit, extra[1] ?? '')
  const proc = start('node', [`${ROOT}dist/examples/executor/main.js`, '--workspace', ws, '--audit-dir', audit, '--jwks-file', jwksFile, '--skew', '1', ...extra])
  const url = (await proc.waitFor(/"url":"(http[^"]+)"/))[1] ?? ''
  return { proc, url, ws, audit }
}

/** Execution records, read leniently (the log is being appended to). */
async function executions(e: Exec): Promise<Array<Record<string, unknown>>> {
  const out: Array<Record<string, unknown>> = []
  for (const f of await readdir(e.audit).catch(() => [] as string[])) {
    const text = await readFile(join(e.audit, f), 'utf8').catch(() => '')
    for (const line of text.split('\n').slice(0, -1)) {
      try {
        const r = JSON.parse(line) as Record<string, unknown>
        if (r.type === 'execution') out.push(r)
      } catch { /* a torn line */ }
    }
  }
  return out
}
const accepted = async (e: Exec, decisionId: string): Promise<number> => (await executions(e)).filter((r) => r.decisionId === decisionId && r.status === 'accepted').length

async function write(file: string, extra: Record<string, unknown> = {}): Promise<{ status: number; code: string | undefined; decisionId: string }> {
  const res = await fetch(`${gateUrl}/v1/tools/fs.write`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ path: `/workspace/${file}`, content: 'ran', ...extra }),
  })
  const text = await res.text()
  let code: string | undefined
  try { code = (JSON.parse(text) as { code?: string }).code } catch { code = undefined }
  return { status: res.status, code, decisionId: res.headers.get('verbatim-decision-id') ?? '' }
}

async function expectUnrun(e: Exec, file: string, decisionId: string): Promise<void> {
  expect(existsSync(join(e.ws, file))).toBe(false)
  expect(await accepted(e, decisionId)).toBe(0)
  // The executed log holds no execution entry at all for a refused call (a `refusal` may say why).
  expect((await executions(e)).filter((r) => r.decisionId === decisionId)).toEqual([])
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'verbatim-e2e-guard-'))
  const key = await generateKeyPair()
  const { privatePath } = await writeKeyFiles(join(dir, 'keys'), key)
  const jwksFile = join(dir, 'gate-jwks.json')
  await writeFile(jwksFile, JSON.stringify(jwks([key])))
  const [a, future, other] = await Promise.all([
    startExecutor('a', jwksFile, ['--audience', 'sandbox-1']),
    startExecutor('future', jwksFile, ['--audience', 'sandbox-1', '--clock-offset-ms=-120000']),
    startExecutor('other', jwksFile, ['--audience', 'sandbox-2']),
  ])
  Object.assign(ex, { a, future, other })
  const mbUrl = await startMiddlebox()
  await writeFile(join(dir, 'policy.yaml'), 'rules:\n  - id: all\n    effect: allow\n    agents: [coder]\n    tools: ["fs.*", shell.exec]\n')
  await writeFile(join(dir, 'verbatim.yaml'), `listen: { host: 127.0.0.1, port: 0 }
policies: [policy.yaml]
agents: [{ id: coder, token: { env: E2E_TOKEN } }]
upstreams: [{ name: sandbox, url: "${mbUrl}", audience: sandbox-1 }]
routes: [{ tools: ["fs.*", shell.exec], upstream: sandbox }]
signing: { keyFile: ${JSON.stringify(privatePath)}, ttlSeconds: 2 }
audit: { dir: audit }
probe: { intervalMs: 0 }
`)
  gate = start(BIN, ['serve', '--config', join(dir, 'verbatim.yaml')], { E2E_TOKEN: TOKEN })
  gateUrl = (await gate.waitFor(/listening on (http:\/\/\S+)/))[1] ?? ''
}, 60_000)

afterAll(async () => {
  await gate?.stop()
  await Promise.all(Object.values(ex).map((e) => e.proc.stop()))
  mb?.close()
  if (dir) await rm(dir, { recursive: true, force: true })
})

describe('gate → tampering middlebox → guard, real processes', () => {
  it('the gate probed the guard at start and found it guarded', () => {
    expect(gate.output()).toMatch(/upstream 'sandbox' is guarded/)
  })

  it('an untouched call runs once, with an accepted execution record', async () => {
    mode = 'pass'
    const r = await write('ok.txt')
    expect(r.status).toBe(200)
    expect(await readFile(join(ex.a.ws, 'ok.txt'), 'utf8')).toBe('ran')
    expect(await accepted(ex.a, r.decisionId)).toBe(1)
  })

  const tampered: Array<[string, Mode, string, number, string]> = [
    ['one body byte flipped in transit', 'flip', 'flip.txt', 401, 'ERR_GUARD_DIGEST_MISMATCH'],
    ['keys re-ordered in transit', 'reorder', 'reorder.txt', 401, 'ERR_GUARD_DIGEST_MISMATCH'],
    ['1 re-encoded as 1.0 in transit', 'reencode', 'reencode.txt', 401, 'ERR_GUARD_DIGEST_MISMATCH'],
    ['an unknown kid', 'kid', 'kid.txt', 401, 'ERR_GUARD_KEY_UNKNOWN'],
    ['a second verbatim-v1 signature added', 'second-sig', 'second.txt', 401, 'ERR_GUARD_SIGNATURE_MULTIPLE'],
    ['the signature label renamed in Signature-Input', 'rename-label', 'label.txt', 401, 'ERR_GUARD_SIGNATURE_MULTIPLE'],
    ['the signature label renamed in both headers', 'rename-both', 'label2.txt', 401, 'ERR_GUARD_SIGNATURE_MALFORMED'],
    ['the Content-Digest header renamed', 'rename-header', 'header.txt', 401, 'ERR_GUARD_PARAMS_MISSING'],
  ]
  it.each(tampered)('refuses %s', async (_name, m, file, status, code) => {
    mode = m
    const r = await write(file, m === 'reencode' ? { n: 1 } : {})
    mode = 'pass'
    expect([r.status, r.code]).toEqual([status, code])
    await expectUnrun(ex.a, file, r.decisionId)
    if (m === 'flip') expect(existsSync(join(ex.a.ws, 'glip.txt'))).toBe(false)
  })

  it('refuses a binding for another audience (misrouted to the sandbox-2 executor)', async () => {
    mode = 'audience'
    const r = await write('aud.txt')
    mode = 'pass'
    expect([r.status, r.code]).toEqual([403, 'ERR_GUARD_AUDIENCE'])
    await expectUnrun(ex.other, 'aud.txt', r.decisionId)
  })

  it('refuses a future-dated binding (executor clock 120 s behind the gate)', async () => {
    mode = 'future'
    const r = await write('future.txt')
    mode = 'pass'
    expect([r.status, r.code]).toEqual([401, 'ERR_GUARD_NOT_YET_VALID'])
    await expectUnrun(ex.future, 'future.txt', r.decisionId)
  })

  it('refuses a replay within the window and, like any expired binding, after it', async () => {
    mode = 'pass'
    const ok = await write('replay.txt')
    expect(ok.status).toBe(200)
    const first = captured.at(-1) as Captured
    await rm(join(ex.a.ws, 'replay.txt'))
    const again = await sendRaw(ex.a.url, first)
    expect([again.status, (JSON.parse(again.body.toString()) as { code: string }).code]).toEqual([403, 'ERR_GUARD_REPLAY'])
    mode = 'capture'
    const held = await write('expired.txt')
    mode = 'pass'
    expect(held.status).toBe(502)
    const never = captured.at(-1) as Captured
    // ttl 2 s + skew 1 s: wait until both windows have closed.
    const expires = Number(/;expires=(\d+)/.exec(never.headers['signature-input'] ?? '')?.[1])
    await new Promise((r) => setTimeout(r, Math.max(0, (expires + 1) * 1000 - Date.now()) + 1100))
    const late = await sendRaw(ex.a.url, first)
    expect([late.status, (JSON.parse(late.body.toString()) as { code: string }).code]).toEqual([401, 'ERR_GUARD_EXPIRED'])
    const expired = await sendRaw(ex.a.url, never)
    expect([expired.status, (JSON.parse(expired.body.toString()) as { code: string }).code]).toEqual([401, 'ERR_GUARD_EXPIRED'])
    expect(existsSync(join(ex.a.ws, 'replay.txt'))).toBe(false)
    expect(await accepted(ex.a, ok.decisionId)).toBe(1)
    await expectUnrun(ex.a, 'expired.txt', held.decisionId)
  })
})
