/**
 * A gate started before its guard (the order people start things in): after a failed probe it probes
 * again soon, backing off from 250 ms to at most 2 s, so it is ready within about 2 s of the guard
 * listening, not after `probe.intervalMs`. A guard that is reached but not ready (its restart window,
 * its executor down) is asked its /readyz only: no probe the guard must refuse, so no refusals pile
 * up. The probe timer is driven by hand and records each wait it was asked for; no wall clock.
 */
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateKeyPair, jwks, writeKeyFiles } from '../../src/binding/index.js'
import { ConfigSchema } from '../../src/config/index.js'
import { PROBE_RETRY_MAX_MS, nextProbeDelay, startGate } from '../../src/gate/index.js'
import type { GateHandle, SetTimer } from '../../src/gate/index.js'
import { checkGuardConfig, startGuard } from '../../src/guard/index.js'
import type { GuardHandle } from '../../src/guard/index.js'
import { earlierRun } from '../helpers/guard-log.js'
import { scrape, valueOf } from '../helpers/metrics.js'
import { freePort } from '../helpers/ports.js'
import { startRecordingExecutor } from '../helpers/recording-executor.js'

const INTERVAL = 60_000
let dir: string
let port: number
let gate: GateHandle
const guards: GuardHandle[] = []
let executor: Awaited<ReturnType<typeof startRecordingExecutor>>

/** The probe timer: each arming is kept with the wait it asked for; the test fires them one by one. */
const armed: Array<{ fn: () => void; ms: number }> = []
let rearmed: (() => void) | undefined
const timer: SetTimer = (fn, ms) => {
  armed.push({ fn, ms })
  rearmed?.()
  return () => undefined
}
/** Fires the pending probe and waits until it has run and armed the next one; returns the wait that one asked for. */
async function tick(): Promise<number> {
  const next = armed.shift()
  if (next === undefined) throw new Error('the probe timer is not armed')
  const done = new Promise<void>((r) => (rearmed = r))
  next.fn()
  await done
  return (armed[0] as { ms: number }).ms
}
const readyz = async (): Promise<{ status: number; reasons: string[] }> => {
  const r = await fetch(`${gate.url}/readyz`)
  return { status: r.status, reasons: ((await r.json()) as { reasons: string[] }).reasons }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'verbatim-probe-backoff-'))
  executor = await startRecordingExecutor()
  const key = await generateKeyPair()
  const { privatePath } = await writeKeyFiles(join(dir, 'keys'), key)
  await writeFile(join(dir, 'jwks.json'), JSON.stringify(jwks([key])))
  await writeFile(join(dir, 'p.yaml'), 'rules:\n  - { id: all, effect: allow, agents: [coder], tools: ["*"] }\n')
  port = await freePort()
  gate = await startGate(ConfigSchema.parse({
    listen: { host: '127.0.0.1', port: 0 }, policies: [join(dir, 'p.yaml')], agents: [{ id: 'coder', token: { env: 'T' } }],
    upstreams: [{ name: 'sandbox', url: `http://127.0.0.1:${port}`, audience: 'sandbox-1' }], routes: [{ tools: ['*'], upstream: 'sandbox' }],
    signing: { keyFile: privatePath }, audit: { dir: join(dir, 'approved') }, probe: { intervalMs: INTERVAL },
  }), { env: { T: 'probe-backoff-token-0123456789' }, log: () => undefined, probeTimer: timer })
})
afterAll(async () => {
  await gate.close()
  for (const g of guards) await g.close()
  executor.close()
})

async function guardOnPort(o: { warm: boolean; log: string }): Promise<GuardHandle> {
  if (o.warm) await earlierRun(join(dir, o.log), 'sandbox-1')
  const g = await startGuard(checkGuardConfig({
    listen: { port }, audience: 'sandbox-1', keys: { jwksFile: join(dir, 'jwks.json') }, audit: { dir: join(dir, o.log) },
    executor: { http: executor.url }, skewSeconds: 300,
  }), { log: () => undefined })
  guards.push(g)
  return g
}

describe('probing a guard that is not there yet', () => {
  it('backs off from 250 ms to at most 2 s while the guard is not reached', async () => {
    expect((await readyz()).status).toBe(503)
    const waits = [armed[0]?.ms as number]
    for (let i = 0; i < 5; i++) waits.push(await tick())
    expect(waits[0]).toBeLessThanOrEqual(250)
    for (const w of waits) expect(w).toBeLessThanOrEqual(PROBE_RETRY_MAX_MS)
    expect(waits[5]).toBeGreaterThanOrEqual(PROBE_RETRY_MAX_MS / 2)
    expect(gate.deps.upstreams.get('sandbox')?.guard).toBe('unknown')
  })

  it('a guard in its restart window is found at the next retry; the gate is not ready and says until when, and asks only its /readyz', async () => {
    const g = await guardOnPort({ warm: false, log: 'fresh' })
    expect(await tick()).toBeLessThanOrEqual(PROBE_RETRY_MAX_MS)
    expect(gate.deps.upstreams.get('sandbox')?.guard).toBe('guarded')
    const r = await readyz()
    expect(r.status).toBe(503)
    expect(r.reasons.join('\n')).toContain(`upstream sandbox: its guard is not ready (until ${new Date(g.readyAt).toISOString()}): restart rule: bindings created before`)
    const refusals = async (): Promise<number> => valueOf(await scrape(g.url), 'verbatim_guard_refusals_total')
    const before = await refusals()
    for (let i = 0; i < 3; i++) expect(await tick()).toBeLessThanOrEqual(PROBE_RETRY_MAX_MS)
    expect(await refusals()).toBe(before)
    await g.close()
    guards.pop()
  })

  it('a guard that starts listening is found within one retry of at most 2 s; then probes go back to the interval', async () => {
    // Gone again: the quick look at its /readyz reaches nobody, and the gate says so.
    await tick()
    await tick()
    const gone = await readyz()
    expect([gone.status, gone.reasons.join('\n')]).toEqual([503, expect.stringMatching(/^upstream sandbox: its guard is not ready: not reached: /m) as string])
    const pending = armed[0]?.ms as number
    expect(pending).toBeLessThanOrEqual(PROBE_RETRY_MAX_MS)
    await guardOnPort({ warm: true, log: 'warm' })
    const next = await tick()
    expect(await readyz()).toEqual({ status: 200, reasons: [] })
    expect(next).toBeGreaterThanOrEqual(INTERVAL * 0.8)
  })
})

describe('a call that fails brings the next probe forward', () => {
  it('the executor behind the ready guard dies: the first failing call has the gate ask the guard at once and re-arm within the backoff', async () => {
    expect(armed.at(-1)?.ms).toBeGreaterThanOrEqual(INTERVAL * 0.8)
    executor.close()
    const r = await fetch(`${gate.url}/v1/tools/t.run`, { method: 'POST', headers: { authorization: 'Bearer probe-backoff-token-0123456789', 'content-type': 'application/json' }, body: '{"n":1}' })
    expect([r.status, ((await r.json()) as { code: string }).code]).toEqual([502, 'ERR_GUARD_EXECUTOR_UNAVAILABLE'])
    // The recheck runs behind the answer: wait for its event (the timer re-armed), not for time.
    for (let i = 0; i < 500 && (armed.at(-1)?.ms ?? INTERVAL) > PROBE_RETRY_MAX_MS; i++) await new Promise((res) => setTimeout(res, 10))
    expect(armed.at(-1)?.ms).toBeLessThanOrEqual(PROBE_RETRY_MAX_MS)
    const r2 = await readyz()
    expect([r2.status, r2.reasons.join('\n')]).toEqual([503, expect.stringMatching(/^upstream sandbox: its guard is not ready: executor: /m) as string])
  })
})

describe('nextProbeDelay', () => {
  it('is 250 ms to 2 s while an upstream recovers, and the interval ±20% otherwise', () => {
    fc.assert(fc.property(fc.nat(100), fc.boolean(), fc.integer({ min: 1, max: 3_600_000 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (attempt, rec, interval, r) => {
      const d = nextProbeDelay(attempt, rec, interval, () => r)
      if (!rec) return d >= interval * 0.8 && d <= interval * 1.2
      return d > 0 && d <= Math.min(PROBE_RETRY_MAX_MS, interval) && d >= Math.min(125, interval / 2)
    }))
  })
})
