import { mkdtemp, readFile, writeFile, symlink, mkdir } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { jwks } from '../../src/binding/index.js'
import { readRecords } from '../../src/audit/index.js'
import { verifyReceipt } from '../../src/guard/index.js'
import { startExecutor } from '../../examples/executor/index.js'
import { earlierRun } from '../helpers/guard-log.js'
import type { ExecutorHandle } from '../../examples/executor/index.js'
import { KEY, sign } from './helpers.js'

let dir: string
let ex: ExecutorHandle

const nowS = (): number => Math.floor(Date.now() / 1000)

async function call(tool: string, args: unknown, over: Parameters<typeof sign>[0] = {}): Promise<Response> {
  const s = sign({ body: JSON.stringify(args), decision: { tool }, now: nowS(), ...over })
  return fetch(`${ex.url}${s.path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...s.headers }, body: s.body })
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'verbatim-executor-'))
  await writeFile(join(dir, 'jwks.json'), JSON.stringify(jwks([KEY])))
  await earlierRun(join(dir, 'audit'), 'sandbox-1')
  ex = await startExecutor({ workspace: join(dir, 'ws'), audience: 'sandbox-1', jwksFile: join(dir, 'jwks.json'), auditDir: join(dir, 'audit'), keyDir: join(dir, 'guard-key'), log: () => {} })
})
afterAll(async () => {
  await ex.close()
})

describe('example executor behind the guard', () => {
  it('writes, reads and lists inside the workspace and returns a receipt that verifies', async () => {
    const w = await call('fs.write', { content: 'hello', path: '/workspace/notes/a.txt' })
    expect(w.status).toBe(200)
    expect(await readFile(join(dir, 'ws', 'notes', 'a.txt'), 'utf8')).toBe('hello')
    const claims = await verifyReceipt(w.headers.get('verbatim-receipt') ?? '', ex.guardJwk)
    expect(claims).toMatchObject({ decisionId: 'dec-1', status: 200, aud: 'sandbox-1' })
    const r = await call('fs.read', { path: '/workspace/notes/a.txt' })
    expect(((await r.json()) as { result: { content: string } }).result.content).toBe('hello')
    const l = await call('fs.list', { path: '/workspace/notes' })
    expect(((await l.json()) as { result: { entries: unknown[] } }).result.entries).toEqual([{ name: 'a.txt', type: 'file' }])
  })

  it('refuses an unsigned call with ERR_GUARD_SIGNATURE_MISSING and never runs the tool', async () => {
    const res = await fetch(`${ex.url}/v1/tools/fs.write`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"content":"x","path":"/workspace/unsigned.txt"}' })
    expect(res.status).toBe(401)
    expect(res.headers.get('content-type')).toBe('application/problem+json')
    expect(((await res.json()) as { code: string }).code).toBe('ERR_GUARD_SIGNATURE_MISSING')
    expect(existsSync(join(dir, 'ws', 'unsigned.txt'))).toBe(false)
  })

  it('refuses dot-dot and symlink escapes from the workspace', async () => {
    expect((await call('fs.read', { path: '/workspace/../jwks.json' })).status).toBe(403)
    await mkdir(join(dir, 'outside'), { recursive: true })
    await symlink(join(dir, 'outside'), join(dir, 'ws', 'link'))
    expect((await call('fs.write', { content: 'x', path: '/workspace/link/escape.txt' })).status).toBe(403)
    expect(existsSync(join(dir, 'outside', 'escape.txt'))).toBe(false)
  })

  it('runs shell.exec as argv without a shell, capping output', async () => {
    const res = await call('shell.exec', { argv: ['echo', '$HOME;', 'x'] })
    const body = (await res.json()) as { result: { stdout: string; exitCode: number } }
    expect(body.result).toMatchObject({ stdout: '$HOME; x\n', exitCode: 0 })
    const big = await call('shell.exec', { argv: ['node', '-e', 'process.stdout.write("a".repeat(200000))'] })
    expect(((await big.json()) as { result: { truncated: boolean; stdout: string } }).result).toMatchObject({ truncated: true })
  })

  it('kills a shell.exec that outlives its timeout', async () => {
    const res = await call('shell.exec', { argv: ['node', '-e', 'setTimeout(()=>{},60000)'], timeoutMs: 200 })
    expect(((await res.json()) as { result: { timedOut: boolean } }).result.timedOut).toBe(true)
  })

  it('appends the accepted execution record before the tool ran, and the receipt after', async () => {
    await ex.close()
    const recs = await readRecords(join(dir, 'audit'))
    const exec = recs.filter((r) => r.type === 'execution' && r.status === 'accepted')
    expect(exec.length).toBeGreaterThanOrEqual(3)
    expect(recs.some((r) => r.type === 'receipt' && r.status === 200)).toBe(true)
    await earlierRun(join(dir, 'audit'), 'sandbox-1')
  ex = await startExecutor({ workspace: join(dir, 'ws'), audience: 'sandbox-1', jwksFile: join(dir, 'jwks.json'), auditDir: join(dir, 'audit'), keyDir: join(dir, 'guard-key'), log: () => {} })
  })
})

describe('example executor restarted on the same executed log', () => {
  it('refuses a replay of a call accepted before the restart, and accepts a fresh call at once', async () => {
    const d = await mkdtemp(join(tmpdir(), 'verbatim-restart-'))
    await writeFile(join(d, 'jwks.json'), JSON.stringify(jwks([KEY])))
    const opts = { workspace: join(d, 'ws'), audience: 'sandbox-1', jwksFile: join(d, 'jwks.json'), auditDir: join(d, 'audit'), keyDir: join(d, 'guard-key'), log: () => {} }
    const send = (url: string, s: ReturnType<typeof sign>): Promise<Response> =>
      fetch(`${url}${s.path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...s.headers }, body: s.body })
    await earlierRun(opts.auditDir, 'sandbox-1')
    const first = await startExecutor(opts)
    const used = sign({ body: '{"content":"1","path":"/workspace/once.txt"}', decision: { tool: 'fs.write' }, now: nowS(), nonce: 'restart-nonce-used-0000000000' })
    expect((await send(first.url, used)).status).toBe(200)
    await first.close()

    const second = await startExecutor(opts)
    try {
      const replay = await send(second.url, used)
      expect(replay.status).toBe(403)
      expect(((await replay.json()) as { code: string }).code).toBe('ERR_GUARD_REPLAY')
      const fresh = sign({ body: '{"content":"2","path":"/workspace/twice.txt"}', decision: { tool: 'fs.write' }, now: nowS(), nonce: 'restart-nonce-fresh-000000000' })
      expect((await send(second.url, fresh)).status).toBe(200)
    } finally {
      await second.close()
    }
    const accepted = (await readRecords(join(d, 'audit'))).filter((r) => r.type === 'execution' && r.status === 'accepted')
    expect(accepted.map((r) => r.nonce)).toEqual(['restart-nonce-used-0000000000', 'restart-nonce-fresh-000000000'])
  })
})

describe('example executor: body limits before any check', () => {
  it('stops reading a chunked body at the limit, answers 413 and closes the connection', async () => {
    const { connect } = await import('node:net')
    const port = Number(new URL(ex.url).port)
    const answer = await new Promise<string>((resolve, reject) => {
      const sock = connect(port, '127.0.0.1')
      let out = ''
      let sent = 0
      sock.on('data', (d) => (out += d.toString()))
      sock.on('close', () => resolve(out))
      sock.on('error', (e: NodeJS.ErrnoException) => (e.code === 'EPIPE' || e.code === 'ECONNRESET' ? resolve(out) : reject(e)))
      sock.write('POST /v1/tools/fs.write HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n')
      const chunk = `10000\r\n${'x'.repeat(0x10000)}\r\n`
      // 64 MiB offered; the guard must answer long before, at its 1 MiB limit.
      const pump = (): void => {
        while (sent < 1024 && !sock.destroyed && out === '') {
          sent++
          if (!sock.write(chunk)) return void sock.once('drain', pump)
        }
      }
      pump()
      sock.setTimeout(10_000, () => sock.destroy())
    })
    expect(answer).toMatch(/^HTTP\/1\.1 413 /)
    expect(answer.toLowerCase()).toContain('connection: close')
    expect(answer).toContain('"code":"ERR_INTAKE_TOO_LARGE"')
  })
})
