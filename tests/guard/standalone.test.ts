import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { jwks } from '../../src/binding/index.js'
import { readRecords } from '../../src/audit/index.js'
import { checkGuardConfig, parseGuardConfig, startGuard, verifyReceipt } from '../../src/guard/index.js'
import type { GuardHandle } from '../../src/guard/index.js'
import { KEY, sign } from './helpers.js'
import { earlierRun } from '../helpers/guard-log.js'

let dir: string
const nowS = (): number => Math.floor(Date.now() / 1000)

async function post(url: string, over: Parameters<typeof sign>[0] = {}): Promise<Response> {
  const s = sign({ now: nowS(), ...over })
  return fetch(url + s.path, { method: 'POST', headers: { 'content-type': 'application/json', ...s.headers }, body: s.body })
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'verbatim-guard-'))
  await writeFile(join(dir, 'jwks.json'), JSON.stringify(jwks([KEY])))
})

describe('standalone guard, HTTP executor', () => {
  const seen: Array<{ path: string; body: string; decision: string | undefined; sig: string | undefined }> = []
  const executor = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      seen.push({ path: req.url ?? '', body: Buffer.concat(chunks).toString(), decision: req.headers['verbatim-decision-id'] as string, sig: req.headers.signature as string })
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ran":true}')
    })
  })
  let g: GuardHandle
  beforeAll(async () => {
    await new Promise<void>((r) => executor.listen(0, '127.0.0.1', r))
    const port = (executor.address() as AddressInfo).port
    await earlierRun(join(dir, 'audit-http'), 'sandbox-1')
    g = await startGuard(checkGuardConfig({ listen: { port: 0 }, audience: 'sandbox-1', keys: { jwksFile: join(dir, 'jwks.json') }, audit: { dir: join(dir, 'audit-http') }, executor: { http: `http://127.0.0.1:${port}` } }), { log: () => {} })
  })
  afterAll(async () => {
    await g.close()
    executor.close()
  })

  it('hands the executor exactly the verified bytes on the same path, and relays its answer with a receipt', async () => {
    const res = await post(g.url)
    expect(res.status).toBe(200)
    expect(await res.text()).toBe('{"ran":true}')
    expect(seen.at(-1)).toEqual({ path: '/v1/tools/fs.read', body: '{"path":"/workspace/a.txt"}', decision: 'dec-1', sig: undefined })
    expect((await verifyReceipt(res.headers.get('verbatim-receipt') ?? '', g.guardJwk)).status).toBe(200)
  })

  it('answers the gate probes with their specific codes and never reaches the executor', async () => {
    const before = seen.length
    const s = sign({ now: nowS() })
    const unsigned = await fetch(g.url + s.path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: s.body })
    expect([unsigned.status, ((await unsigned.json()) as { code: string }).code]).toEqual([401, 'ERR_GUARD_SIGNATURE_MISSING'])
    const bad = await fetch(g.url + s.path, { method: 'POST', headers: { ...s.headers, signature: (s.headers.signature ?? '').replace(/:(.)/, (_m, c: string) => `:${c === 'A' ? 'B' : 'A'}`) }, body: s.body })
    expect([bad.status, ((await bad.json()) as { code: string }).code]).toEqual([401, 'ERR_GUARD_SIGNATURE_INVALID'])
    const mismatch = await fetch(g.url + s.path, { method: 'POST', headers: s.headers, body: '{"probe":false}' })
    expect([mismatch.status, ((await mismatch.json()) as { code: string }).code]).toEqual([401, 'ERR_GUARD_DIGEST_MISMATCH'])
    expect(seen.length).toBe(before)
  })
})

describe('standalone guard, HTTP executor on a unix socket', () => {
  const conns: number[] = []
  const executor = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ path: req.url, body: Buffer.concat(chunks).toString() })))
  })
  executor.on('connection', () => conns.push(1))
  let g: GuardHandle
  beforeAll(async () => {
    const sock = join(dir, 'executor.sock')
    await new Promise<void>((r) => executor.listen(sock, r))
    await earlierRun(join(dir, 'audit-unix'), 'sandbox-1')
    g = await startGuard(checkGuardConfig({ listen: { port: 0 }, audience: 'sandbox-1', keys: { jwksFile: join(dir, 'jwks.json') }, audit: { dir: join(dir, 'audit-unix') }, executor: { http: `unix:${sock}` } }), { log: () => {} })
  })
  afterAll(async () => {
    await g.close()
    executor.close()
  })

  it('hands the verified bytes over the socket, relays the status, and keeps one connection for calls one after another', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await post(g.url, { body: `{"n":${i}}` })
      expect(res.status).toBe(201)
      expect(await res.json()).toEqual({ path: '/v1/tools/fs.read', body: `{"n":${i}}` })
      expect((await verifyReceipt(res.headers.get('verbatim-receipt') ?? '', g.guardJwk)).status).toBe(201)
    }
    expect(conns.length).toBe(1)
  })
})

describe('standalone guard, stdio executor (child process)', () => {
  let g: GuardHandle
  const script = 'let b="";process.stdin.on("data",d=>{b+=d;let i;while((i=b.indexOf("\\n"))>=0){const l=b.slice(0,i);b=b.slice(i+1);const v=JSON.parse(l);if(v.exit)process.exit(3);process.stdout.write(JSON.stringify({echo:v,pid:process.pid})+"\\n")}})'
  beforeAll(async () => {
    await earlierRun(join(dir, 'audit-stdio'), 'sandbox-1')
    g = await startGuard(checkGuardConfig({ listen: { port: 0 }, audience: 'sandbox-1', keys: { jwksFile: join(dir, 'jwks.json') }, audit: { dir: join(dir, 'audit-stdio') }, executor: { command: [process.execPath, '-e', script], timeoutMs: 5000 } }), { log: () => {} })
  })
  afterAll(async () => { await g.close() })

  it('writes the verified canonical bytes and a newline, answering with the one JSON line read back', async () => {
    const res = await post(g.url, { body: '{"a":[1,2],"b":"x"}' })
    expect(res.status).toBe(200)
    expect(((await res.json()) as { echo: unknown }).echo).toEqual({ a: [1, 2], b: 'x' })
  })

  it('fails the call in flight with 502 when the child exits, and starts a new child for the next call', async () => {
    const first = (await (await post(g.url, { body: '{"n":1}' })).json()) as { pid: number }
    const dead = await post(g.url, { body: '{"exit":true}' })
    expect(dead.status).toBe(502)
    expect(((await dead.json()) as { code: string }).code).toBe('ERR_GUARD_EXECUTOR_UNAVAILABLE')
    const next = (await (await post(g.url, { body: '{"n":2}' })).json()) as { pid: number }
    expect(next.pid).not.toBe(first.pid)
  })

  it('runs calls one at a time, in order', async () => {
    const all = await Promise.all([1, 2, 3, 4].map((n) => post(g.url, { body: `{"n":${n}}` }).then(async (r) => ((await r.json()) as { echo: { n: number } }).echo.n)))
    expect(all.sort()).toEqual([1, 2, 3, 4])
  })

  it('records every accepted execution in the executed log', async () => {
    const recs = await readRecords(join(dir, 'audit-stdio'))
    expect(recs.filter((r) => r.type === 'execution' && r.status === 'accepted').length).toBeGreaterThanOrEqual(6)
  })
})

describe('guard.yaml', () => {
  it('reports a bad field as file:line:col with ERR_CONFIG_INVALID', () => {
    const text = 'audience: sandbox-1\nkeys: { jwksFile: j.json }\nexecutor:\n  http: http://10.0.0.5:9001\n'
    try {
      parseGuardConfig('/etc/guard.yaml', text)
      expect.unreachable()
    } catch (e) {
      expect((e as { code: string }).code).toBe('ERR_CONFIG_INVALID')
      expect((e as Error).message).toMatch(/^\/etc\/guard\.yaml:\d+:\d+: /)
    }
  })

  it('accepts a loopback or unix-socket executor and resolves paths against the file', () => {
    const c = parseGuardConfig('/etc/v/guard.yaml', 'audience: a\nkeys: { jwksFile: j.json }\nexecutor: { http: "unix:/run/t.sock" }\n')
    expect(c.keys).toEqual({ jwksFile: '/etc/v/j.json' })
    expect(c.replay).toBe('memory')
  })
})
