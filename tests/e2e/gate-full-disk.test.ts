/**
 * The gate process on a real full disk (a small tmpfs filled to the last byte), as an operator meets
 * it: every call is refused 503 ERR_AUDIT_UNAVAILABLE and counted under that code (so the documented
 * alert can fire); it stays alive (/healthz 200: restarting mends nothing); once the disk has room it
 * takes its log up again by itself and serves; SIGTERM then exits 0; and the log verifies.
 */
import { spawnSync } from 'node:child_process'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { generateKeyPair, jwks, writeKeyFiles } from '../../src/binding/index.js'
import { checkGuardConfig, startGuard } from '../../src/guard/index.js'
import { earlierRun } from '../helpers/guard-log.js'
import { scrape, valueOf } from '../helpers/metrics.js'
import { freePort } from '../helpers/ports.js'
import { startRecordingExecutor } from '../helpers/recording-executor.js'
import { fillDisk, tryMountTmpfs, unmountAll } from '../helpers/tmpfs.js'
import { BIN, start } from './procs.js'

afterAll(unmountAll)
const TOKEN = 'full-disk-token-0123456789abcdef'
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))
/** Polls until `check` holds: a bound on tries (each one a real request), never an assertion on time. */
async function until(what: string, check: () => Promise<boolean>, tries = 600): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await check()) return
    await sleep(100)
  }
  throw new Error(`never happened: ${what}`)
}

describe('the gate on a full audit disk', () => {
  it('refuses and counts ERR_AUDIT_UNAVAILABLE, stays alive, resumes by itself once there is room, and exits 0 on SIGTERM', async (ctx) => {
    const dir = await mkdtemp(join(tmpdir(), 'verbatim-gate-full-'))
    const disk = join(dir, 'disk')
    await mkdir(disk)
    if (!tryMountTmpfs(disk, '512k')) return ctx.skip()
    const gateKey = await generateKeyPair()
    const { privatePath } = await writeKeyFiles(join(dir, 'gate-keys'), gateKey)
    await writeFile(join(dir, 'gate-jwks.json'), JSON.stringify(jwks([gateKey])))
    await writeFile(join(dir, 'p.yaml'), 'rules:\n  - { id: all, effect: allow, agents: [coder], tools: ["*"] }\n')
    await earlierRun(join(dir, 'executed'), 'sandbox-1')
    const executor = await startRecordingExecutor()
    const guard = await startGuard(checkGuardConfig({
      listen: { port: 0 }, audience: 'sandbox-1', keys: { jwksFile: join(dir, 'gate-jwks.json') }, audit: { dir: join(dir, 'executed') }, executor: { http: executor.url },
    }), { log: () => undefined })
    const port = await freePort()
    await writeFile(join(dir, 'verbatim.yaml'), `listen: { host: 127.0.0.1, port: ${port} }
policies: [p.yaml]
agents: [{ id: coder, token: { env: FULL_TOKEN } }]
upstreams: [{ name: sandbox, url: "${guard.url}", audience: sandbox-1 }]
routes: [{ tools: ["*"], upstream: sandbox }]
signing: { keyFile: ${JSON.stringify(privatePath)} }
audit: { dir: ${JSON.stringify(join(disk, 'approved'))} }
`)
    const gate = start(BIN, ['serve', '--config', join(dir, 'verbatim.yaml')], { FULL_TOKEN: TOKEN })
    const base = `http://127.0.0.1:${port}`
    const call = async (n: number): Promise<string> => {
      const r = await fetch(`${base}/v1/tools/t.run`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ n, pad: 'x'.repeat(2000) }) })
      return `${r.status} ${r.status === 200 ? '' : ((await r.json()) as { code: string }).code}`.trim()
    }
    let exit: number | null = -1
    try {
      await until('the gate is ready', async () => (await fetch(`${base}/readyz`).catch(() => undefined))?.status === 200)
      expect(await call(0)).toBe('200')
      fillDisk(disk)
      const answers: string[] = []
      for (let i = 1; i <= 30; i++) answers.push(await call(i))
      const refused = answers.filter((a) => a === '503 ERR_AUDIT_UNAVAILABLE').length
      expect(refused).toBeGreaterThan(20)
      expect(answers.filter((a) => a !== '200' && a !== '503 ERR_AUDIT_UNAVAILABLE')).toEqual([])
      // Counted under its code: the documented VerbatimAuditUnavailable alert can fire.
      expect(valueOf(await scrape(base), 'verbatim_decisions_total', { code: 'ERR_AUDIT_UNAVAILABLE' })).toBe(refused)
      expect((await fetch(`${base}/healthz`)).status).toBe(200)
      const notReady = (await (await fetch(`${base}/readyz`)).json()) as { reasons: string[] }
      expect(notReady.reasons.join('\n')).toMatch(/^audit: .*no room: it writes again by itself once the disk has room/m)
      await rm(join(disk, 'filler'))
      await until('the gate takes its log up again', async () => (await fetch(`${base}/readyz`)).status === 200)
      expect(await call(99)).toBe('200')
      expect(gate.output()).toMatch(/the audit log is writable again/)
    } finally {
      exit = await gate.stop('SIGTERM')
      await guard.close()
      executor.close()
    }
    expect(exit).toBe(0)
    const verify = spawnSync(BIN, ['audit', 'verify', join(disk, 'approved')])
    expect(verify.status, verify.stdout.toString() + verify.stderr.toString()).toBe(0)
  }, 120_000)
})
