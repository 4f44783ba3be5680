/**
 * Every alert rule in docs/operations.md can fire: each scenario drives one rule's condition true
 * against a running gate and guard (an executor killed behind its live guard, a guard gone, a full
 * audit disk, a slow disk, a receipt stripped on the way, a replay store killed, a policy that does
 * not load, calls held so that others queue, unsigned requests at the guard), scrapes what they
 * export, and has promtool (Prometheus's own rule evaluator) evaluate the documented rules over those
 * scrapes, `for:` windows included. What is evaluated: the values are the processes' own; the time is
 * not: scrape k is placed at k minutes (Prometheus's default scrape interval), however quickly the
 * test took them, and a few steps past each `for:` window let the rate windows fill first. A final check holds every documented rule to a scenario that fires it.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, rmdirSync, writeFileSync } from 'node:fs'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { stringify } from 'yaml'
import { BIN, start } from '../e2e/procs.js'
import { FIRED, HAVE_PROMTOOL, RULES, Timeline, expectFiring } from '../helpers/alerts.js'
import { parseMetrics, scrape } from '../helpers/metrics.js'
import { freePort } from '../helpers/ports.js'
import { startRedis } from '../helpers/redis-server.js'
import { signedCall } from '../helpers/sign.js'
import { startStack } from '../helpers/stack.js'
import type { Stack } from '../helpers/stack.js'
import { fillDisk, tryMountTmpfs, unmountAll } from '../helpers/tmpfs.js'

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

afterAll(unmountAll)

/** `n` steps, each after `each` has driven the condition a little further. */
async function steps(tl: Timeline, n: number, each: (i: number) => Promise<unknown> = async () => undefined): Promise<void> {
  for (let i = 0; i < n; i++) {
    await each(i)
    await tl.step()
  }
}

const upstream = { upstream: 'sandbox' }
const urls = (s: Stack): string[] => [s.gate.url, s.guard.url]
const calls = (s: Stack, n: number, body = '{"n":1}'): Promise<unknown> => Promise.all(Array.from({ length: n }, () => s.call('t.run', body).then((r) => r.arrayBuffer())))

/** The stack's own executor is its guard's; this one the test can kill while the guard stays up. */
async function stackWithOwnExecutor(circuit: { failures: number; coolDownMs: number; trialCalls: number }): Promise<{ s: Stack; kill: () => Promise<void> }> {
  const { createServer } = await import('node:http')
  const ex = createServer((req, res) => {
    req.resume()
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'))
  })
  await new Promise<void>((r) => ex.listen(0, '127.0.0.1', r))
  const port = (ex.address() as { port: number }).port
  const s = await startStack({ guard: { executor: { http: `http://127.0.0.1:${port}` } }, upstream: { circuit } })
  return { s, kill: () => new Promise<void>((r) => { ex.closeAllConnections(); ex.close(() => r()) }) }
}

describe.skipIf(!HAVE_PROMTOOL)('docs/operations.md alert rules fire on a running gate and guard (promtool)', () => {
  it('an executor killed behind its live guard: VerbatimUpstreamNotReady and VerbatimUpstreamFailing', async () => {
    const { s, kill } = await stackWithOwnExecutor({ failures: 10_000, coolDownMs: 600_000, trialCalls: 1 })
    try {
      const tl = new Timeline(urls(s))
      await steps(tl, 2, () => calls(s, 2))
      await kill()
      await s.gate.probe()
      await steps(tl, 8, () => calls(s, 3))
      await expectFiring(tl, { VerbatimUpstreamNotReady: [upstream], VerbatimUpstreamFailing: [upstream] })
    } finally {
      await s.close()
    }
  })

  it('the circuit opens and sheds: VerbatimCircuitOpened at once, VerbatimShedding after its window', async () => {
    const { s, kill } = await stackWithOwnExecutor({ failures: 2, coolDownMs: 600_000, trialCalls: 1 })
    try {
      const tl = new Timeline(urls(s))
      await tl.step()
      await kill()
      await calls(s, 2)
      await tl.step()
      await expectFiring(tl, { VerbatimCircuitOpened: [upstream] })
      // More than one shed a second, for more than ten minutes of steps (the opening is then older than 10 minutes).
      await steps(tl, 15, () => calls(s, 90))
      await expectFiring(tl, { VerbatimShedding: [{ reason: 'circuit' }], VerbatimUpstreamNotReady: [upstream] })
    } finally {
      await s.close()
    }
  })

  it('calls held at the executor, the rest queued behind them: VerbatimQueueing', async () => {
    const s = await startStack({ upstream: { maxConcurrent: 1, maxQueue: 10, queueTimeoutMs: 600_000 } })
    try {
      const tl = new Timeline(urls(s))
      const held = Promise.all([1, 2, 3].map((n) => s.call('t.run', `{"hold":true,"n":${n}}`).then((r) => r.arrayBuffer())))
      for (let i = 0; i < 1000 && s.gate.deps.upstreams.get('sandbox')?.limiter.queued !== 2; i++) await sleep(5)
      await steps(tl, 15)
      await expectFiring(tl, { VerbatimQueueing: [upstream] })
      while (s.release() > 0 || (s.gate.deps.upstreams.get('sandbox')?.limiter.active ?? 0) > 0) await sleep(5)
      await held
    } finally {
      await s.close()
    }
  })

  it('the guard gone: VerbatimUpstreamNotForwarding', async () => {
    const s = await startStack()
    const tl = new Timeline([s.gate.url])
    await s.guard.close()
    await s.gate.probe()
    await steps(tl, 5)
    await expectFiring(tl, { VerbatimUpstreamNotForwarding: [upstream], VerbatimUpstreamNotReady: [upstream] })
    await s.gate.close()
  })

  it('the gate\'s audit disk full, then a guard\'s: VerbatimAuditUnavailable for both', async (ctx) => {
    const disk = await mkdtemp(join(tmpdir(), 'verbatim-alert-disk-'))
    if (!tryMountTmpfs(disk, '512k')) return ctx.skip()
    for (const side of ['gate', 'guard'] as const) {
      const dir = join(disk, side)
      mkdirSync(dir)
      const s = await startStack(side === 'gate' ? { gate: () => ({ audit: { dir } }) } : { guard: { audit: { dir } } })
      try {
        const tl = new Timeline(urls(s))
        await tl.step()
        fillDisk(disk)
        await steps(tl, 3, () => calls(s, 5, `{"pad":"${'x'.repeat(3000)}"}`))
        await expectFiring(tl, { VerbatimAuditUnavailable: [{}] })
        if (side === 'guard') expect(parseMetrics(await (await fetch(`${s.gate.url}/metrics`)).text()).some((m) => m.name === 'verbatim_upstream_outcomes_total' && m.labels['outcome'] === 'guard_unavailable' && m.value > 0)).toBe(true)
      } finally {
        execFileSync('rm', ['-f', join(disk, 'filler')])
        await s.close().catch(() => undefined)
      }
    }
  })

  it('a receipt stripped on the way: VerbatimReceiptFault', async () => {
    const s = await startStack({ middlebox: { answer: (a) => ({ ...a, headers: { ...a.headers, 'verbatim-receipt': undefined } }) } })
    try {
      const tl = new Timeline(urls(s))
      await tl.step()
      await steps(tl, 2, () => calls(s, 1))
      await expectFiring(tl, { VerbatimReceiptFault: [{}] })
    } finally {
      await s.close()
    }
  })

  it('the replay store killed: VerbatimReplayStoreErrors', async () => {
    const redis = await startRedis()
    const s = await startStack({ guard: { replay: { redis: redis.url }, skewSeconds: 1 } })
    try {
      // A store's first use is a loss (the restart rule): wait for the guard to say it is over.
      for (let i = 0; i < 400 && (await fetch(`${s.guard.url}/readyz`)).status !== 200; i++) await sleep(20)
      const tl = new Timeline(urls(s))
      await steps(tl, 1, () => calls(s, 1))
      await redis.stop()
      await steps(tl, 2, () => calls(s, 2))
      await expectFiring(tl, { VerbatimReplayStoreErrors: [{}] })
    } finally {
      await s.close()
    }
  })

  it('a policy change that does not load: VerbatimPolicyReloadFailed', async () => {
    const s = await startStack()
    try {
      const tl = new Timeline(urls(s))
      await tl.step()
      writeFileSync(join(s.dir, 'policy.yaml'), 'rules: [ { id: broken, effect: maybe } ]\n')
      const failed = async (): Promise<boolean> => (await scrape(s.gate.url)).some((m) => m.name === 'verbatim_policy_reloads_total' && m.labels['ok'] === 'false' && m.value > 0)
      for (let i = 0; i < 500 && !(await failed()); i++) await sleep(20)
      await steps(tl, 2)
      await expectFiring(tl, { VerbatimPolicyReloadFailed: [{ ok: 'false' }] })
    } finally {
      await s.close()
    }
  })

  it('unsigned and forged requests at the guard: VerbatimGuardRefusals', async () => {
    const s = await startStack()
    try {
      const tl = new Timeline([s.guard.url])
      const forged = async (): Promise<void> => {
        const c = signedCall(s.gateKey, 't.run', '{"n":1}', { audience: 'elsewhere' })
        await (await fetch(`${s.guard.url}${c.path}`, { method: 'POST', headers: c.headers, body: c.body })).arrayBuffer()
        await (await fetch(`${s.guard.url}/v1/tools/t.run`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).arrayBuffer()
      }
      // More than 0.2 a second, for more than fifteen minutes of steps.
      await steps(tl, 21, () => Promise.all(Array.from({ length: 10 }, forged)))
      await expectFiring(tl, { VerbatimGuardRefusals: [{}] })
    } finally {
      await s.close()
    }
  })

  it('a slow disk under the gate\'s log (its writes throttled): VerbatimSlowFsync and VerbatimGateSlow', async (ctx) => {
    const slow = await slowDisk()
    if (slow === undefined) return ctx.skip()
    const s = await startStack()
    const port = await freePort()
    const config = join(slow.mount, 'verbatim.yaml')
    writeFileSync(config, stringify({
      listen: { host: '127.0.0.1', port }, policies: [join(s.dir, 'policy.yaml')], agents: [{ id: 'coder', token: { env: 'SLOW_TOKEN' } }],
      upstreams: [{ name: 'sandbox', url: s.guard.url, audience: 'sandbox-1' }], routes: [{ tools: ['*'], upstream: 'sandbox' }],
      signing: { keyFile: join(s.dir, 'gate-keys', `${s.gateKey.kid}.key.pem`) }, audit: { dir: join(slow.mount, 'approved') },
    }))
    const gate = start(BIN, ['serve', '--config', config, '--log-level', 'warn'], { SLOW_TOKEN: 'slow-token-0123456789abcdef' })
    const base = `http://127.0.0.1:${port}`
    try {
      for (let i = 0; i < 400 && (await fetch(`${base}/readyz`).then((r) => r.status, () => 0)) !== 200; i++) await sleep(50)
      slow.throttle(gate.child.pid as number)
      const tl = new Timeline([base])
      const call = (): Promise<unknown> => fetch(`${base}/v1/tools/t.run`, { method: 'POST', headers: { authorization: 'Bearer slow-token-0123456789abcdef', 'content-type': 'application/json' }, body: '{"n":1}' }).then((r) => r.arrayBuffer())
      await steps(tl, 15, () => Promise.all([call(), call()]))
      await expectFiring(tl, { VerbatimSlowFsync: [{}], VerbatimGateSlow: [{}] })
    } finally {
      await gate.stop()
      await s.close()
      slow.remove()
    }
  })

  it('every documented alert rule was driven to fire by a scenario above', () => {
    expect(RULES.length).toBeGreaterThanOrEqual(13)
    expect(RULES.map((r) => r.alert).filter((a) => !FIRED.has(a))).toEqual([])
  })
})

/**
 * A real slow disk: an ext4 filesystem on a loop device whose writes a blkio cgroup throttles to 8
 * IOPS for the processes put in it, so each fdatasync waits for real. Undefined without the rights.
 */
async function slowDisk(): Promise<{ mount: string; throttle: (pid: number) => void; remove: () => void } | undefined> {
  const dir = await mkdtemp(join(tmpdir(), 'verbatim-slow-'))
  const image = join(dir, 'disk.img')
  const mount = join(dir, 'mnt')
  const cgroup = `/sys/fs/cgroup/blkio/verbatim-slow-${process.pid}`
  try {
    mkdirSync(mount)
    execFileSync('truncate', ['-s', '32M', image])
    execFileSync('mkfs.ext4', ['-q', '-F', image], { stdio: 'ignore' })
    execFileSync('mount', ['-o', 'loop', image, mount], { stdio: 'ignore' })
  } catch {
    return undefined
  }
  const device = execFileSync('findmnt', ['-n', '-o', 'SOURCE', mount]).toString().trim()
  const majMin = execFileSync('lsblk', ['-ndo', 'MAJ:MIN', device]).toString().trim()
  const remove = (): void => {
    try { execFileSync('umount', ['-l', mount], { stdio: 'ignore' }) } catch { /* gone */ }
    try { rmdirSync(cgroup) } catch { /* never made, or still in use */ }
  }
  try {
    mkdirSync(cgroup)
    writeFileSync(join(cgroup, 'blkio.throttle.write_iops_device'), `${majMin} 8\n`)
  } catch {
    remove()
    return undefined
  }
  return { mount, remove, throttle: (pid) => writeFileSync(join(cgroup, 'cgroup.procs'), `${pid}\n`) }
}
