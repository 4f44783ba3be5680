/**
 * The sidecar topology's outage (docs/operations.md, the runbook): the executor dies and its guard
 * stays up, answering 502 ERR_GUARD_EXECUTOR_UNAVAILABLE. The gate must see it: those answers count
 * toward its circuit and its readiness, carry a Retry-After (the call did not reach the executor),
 * have their own outcome in the metrics, and the gate comes back by itself once the executor does.
 * Real sockets: a gate, a standalone guard and an executor the test stops and starts again.
 */
import { createServer } from 'node:http'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import { scrape, valueOf } from '../helpers/metrics.js'
import { startStack } from '../helpers/stack.js'

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

/** An executor of the test's own, so that it can die while the guard in front of it runs on. */
async function executorOn(port = 0): Promise<Server> {
  const s = createServer((req, res) => {
    req.resume()
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'))
  })
  await new Promise<void>((r) => s.listen(port, '127.0.0.1', r))
  return s
}
const stop = (s: Server): Promise<void> => {
  s.closeAllConnections()
  return new Promise((r) => s.close(() => r()))
}

interface Seen { status: number; code: string; retryAfter: string | null }
async function seen(res: Response): Promise<Seen> {
  const body = await res.text()
  return { status: res.status, code: res.status === 200 ? '' : (JSON.parse(body) as { code: string }).code, retryAfter: res.headers.get('retry-after') }
}

describe('an executor dead behind a live guard', () => {
  it('opens the circuit, fails readiness, says Retry-After, and is counted as executor_unavailable', async () => {
    const executor = await executorOn()
    const port = (executor.address() as AddressInfo).port
    const s = await startStack({ guard: { executor: { http: `http://127.0.0.1:${port}` } }, upstream: { circuit: { failures: 3, coolDownMs: 600_000, trialCalls: 1 } } })
    try {
      expect((await seen(await s.call('t.run', '{"n":0}'))).status).toBe(200)
      await stop(executor)
      const failed: Seen[] = []
      for (let i = 1; i <= 3; i++) failed.push(await seen(await s.call('t.run', `{"n":${i}}`)))
      // Not reached, so not run: the guard says when to come back, and the gate passes it on.
      for (const f of failed) expect(f).toEqual({ status: 502, code: 'ERR_GUARD_EXECUTOR_UNAVAILABLE', retryAfter: expect.stringMatching(/^[1-5]$/) as string })
      // Three in a row open the circuit: the next call fails fast, and nothing reaches the guard.
      const shed = await seen(await s.call('t.run', '{"n":4}'))
      expect(shed).toEqual({ status: 503, code: 'ERR_GATE_CIRCUIT_OPEN', retryAfter: expect.stringMatching(/^[1-5]$/) as string })
      expect((await s.executed()).filter((r) => r.type === 'execution')).toHaveLength(4)

      // Readiness fails: the open circuit, and (once the gate has asked it) the guard's own reason.
      await s.gate.probe()
      const ready = await fetch(`${s.gate.url}/readyz`)
      const reasons = ((await ready.json()) as { reasons: string[] }).reasons.join('\n')
      expect(ready.status).toBe(503)
      expect(reasons).toContain('upstream sandbox: circuit open')
      expect(reasons).toMatch(new RegExp(`upstream sandbox: its guard is not ready: executor: 127\\.0\\.0\\.1:${port}: ECONNREFUSED|upstream sandbox: its guard is not ready: executor: http://127\\.0\\.0\\.1:${port}: ECONNREFUSED`))
      // Alive all along: restarting the gate would mend nothing.
      expect((await fetch(`${s.gate.url}/healthz`)).status).toBe(200)

      const m = await scrape(s.gate.url)
      expect({
        answered: valueOf(m, 'verbatim_upstream_outcomes_total', { upstream: 'sandbox', outcome: 'answered' }),
        executorUnavailable: valueOf(m, 'verbatim_upstream_outcomes_total', { upstream: 'sandbox', outcome: 'executor_unavailable' }),
        opens: valueOf(m, 'verbatim_upstream_circuit_opens_total', { upstream: 'sandbox' }),
        ready: valueOf(m, 'verbatim_upstream_ready', { upstream: 'sandbox' }),
        circuit: valueOf(m, 'verbatim_upstream_circuit_state', { upstream: 'sandbox' }),
        allowedButFailed: valueOf(m, 'verbatim_decisions_total', { verdict: 'allow', code: 'ERR_GUARD_EXECUTOR_UNAVAILABLE' }),
        allowedOk: valueOf(m, 'verbatim_decisions_total', { verdict: 'allow', code: '' }),
        shedCircuit: valueOf(m, 'verbatim_shed_total', { reason: 'circuit' }),
      }).toEqual({ answered: 1, executorUnavailable: 3, opens: 1, ready: 0, circuit: 2, allowedButFailed: 3, allowedOk: 1, shedCircuit: 1 })
    } finally {
      await s.close()
    }
  })

  it('comes back by itself: the executor returns, the guard is ready, a trial call closes the circuit', async () => {
    let executor = await executorOn()
    const port = (executor.address() as AddressInfo).port
    const s = await startStack({ guard: { executor: { http: `http://127.0.0.1:${port}` } }, upstream: { circuit: { failures: 2, coolDownMs: 100, trialCalls: 1 } } })
    try {
      await stop(executor)
      for (let i = 0; i < 2; i++) expect((await seen(await s.call('t.run', `{"n":${i}}`))).code).toBe('ERR_GUARD_EXECUTOR_UNAVAILABLE')
      await s.gate.probe()
      expect((await fetch(`${s.gate.url}/readyz`)).status).toBe(503)
      executor = await executorOn(port)
      await s.gate.probe()
      // Ready once the cool-down has passed (half-open: a call may go) and the guard says ready; bounded by tries, not time.
      let status = 0
      for (let i = 0; i < 500 && status !== 200; i++) {
        status = (await fetch(`${s.gate.url}/readyz`)).status
        if (status !== 200) await sleep(20)
      }
      expect(status).toBe(200)
      expect((await seen(await s.call('t.run', '{"n":9}'))).status).toBe(200)
      const m = await scrape(s.gate.url)
      expect([valueOf(m, 'verbatim_upstream_circuit_state', { upstream: 'sandbox' }), valueOf(m, 'verbatim_upstream_ready', { upstream: 'sandbox' })]).toEqual([0, 1])
    } finally {
      await s.close()
      await stop(executor)
    }
  })

  it('a call that may have reached the executor (it took the call and never answered) gets no Retry-After: check before repeating it', async () => {
    // Takes every call and answers none: the guard's deadline (200 ms) passes first, however loaded the machine.
    const hanging = createServer((req) => req.resume())
    await new Promise<void>((r) => hanging.listen(0, '127.0.0.1', r))
    const port = (hanging.address() as AddressInfo).port
    const s = await startStack({ guard: { executor: { http: `http://127.0.0.1:${port}`, timeoutMs: 200 } } })
    try {
      const r = await seen(await s.call('t.run', '{"n":1}'))
      expect(r).toEqual({ status: 502, code: 'ERR_GUARD_EXECUTOR_UNAVAILABLE', retryAfter: null })
      expect(valueOf(await scrape(s.gate.url), 'verbatim_upstream_outcomes_total', { outcome: 'executor_unavailable' })).toBe(1)
    } finally {
      await s.close()
      await stop(hanging)
    }
  })
})
