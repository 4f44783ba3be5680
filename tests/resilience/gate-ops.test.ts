/**
 * The gate's operational surface on real sockets: metrics, one log line per call (never a token or
 * an argument value), the trace context passed to the executor, the circuit breaker against a dead
 * upstream, a retry only of a call that never left, and a graceful stop.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { VerbatimError } from '../../src/errors/index.js'
import { TOKEN, call, harness } from '../gate/harness.js'
import { startStack } from '../helpers/stack.js'
import type { Stack } from '../helpers/stack.js'

let s: Stack
beforeAll(async () => {
  s = await startStack()
})
afterAll(async () => s?.close())

const TRACE = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'

describe('observability', () => {
  it('passes a valid traceparent to the executor outside the signed bytes, records and logs it; drops an invalid one', async () => {
    const r = await s.call('t.run', '{"secret":"do-not-log-this-value"}', { traceparent: TRACE })
    expect(r.status).toBe(200)
    const id = r.headers.get('verbatim-decision-id')
    expect(s.ran.at(-1)).toMatchObject({ decisionId: id, traceparent: TRACE })
    expect((await s.approved()).find((x) => x.type === 'decision' && x.decisionId === id)).toMatchObject({ traceparent: TRACE })
    const line = s.callLines.find((l) => l.decisionId === id)
    expect(line).toMatchObject({ decisionId: id, agent: 'coder', tool: 't.run', verdict: 'allow', status: 200, traceparent: TRACE })
    expect(typeof line?.overheadMs).toBe('number')
    expect(typeof line?.upstreamMs).toBe('number')
    const bad = await s.call('t.run', '{"n":1}', { traceparent: '00-00000000000000000000000000000000-00f067aa0ba902b7-01' })
    expect(s.ran.at(-1)?.decisionId).toBe(bad.headers.get('verbatim-decision-id'))
    expect(s.ran.at(-1)?.traceparent).toBeUndefined()
  })

  it('never logs a token or an argument value', async () => {
    await s.call('t.run', '{"secret":"do-not-log-this-value"}')
    await s.call('t.run', '{"secret":"do-not-log-this-value"}', { authorization: 'Bearer wrong-token-0123456789' })
    const text = JSON.stringify(s.callLines) + s.gateLog.join('\n')
    expect(text).not.toContain('do-not-log-this-value')
    expect(text).not.toContain(TOKEN)
    expect(text).not.toContain('wrong-token')
    expect(s.callLines.at(-1)).toMatchObject({ verdict: 'reject', code: 'ERR_INTAKE_UNAUTHENTICATED', status: 401 })
  })

  it('serves Prometheus metrics: decisions by verdict, code and rule, latencies, upstream state', async () => {
    await s.call('t.run', '{"n":2}')
    const res = await fetch(`${s.gate.url}/metrics`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/plain')
    const text = await res.text()
    expect(text).toMatch(/verbatim_decisions_total\{verdict="allow",code="",rule="all"\} [1-9]/)
    expect(text).toMatch(/verbatim_decisions_total\{verdict="reject",code="ERR_INTAKE_UNAUTHENTICATED",rule=""\} [1-9]/)
    expect(text).toMatch(/verbatim_gate_overhead_seconds_count [1-9]/)
    expect(text).toMatch(/verbatim_upstream_latency_seconds_count\{upstream="sandbox"\} [1-9]/)
    expect(text).toContain('verbatim_upstream_circuit_state{upstream="sandbox"} 0')
    expect(text).toContain('verbatim_upstream_forwarding{upstream="sandbox"} 1')
    expect(text).toMatch(/verbatim_audit_fsync_seconds_count [1-9]/)
    expect(text).toMatch(/verbatim_audit_batch_records_count [1-9]/)
  })

  it('the guard serves its own metrics: refusals by code, executions', async () => {
    await fetch(`${s.guard.url}/v1/tools/t.run`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
    const text = await (await fetch(`${s.guard.url}/metrics`)).text()
    expect(text).toMatch(/verbatim_guard_refusals_total\{code="ERR_GUARD_SIGNATURE_MISSING"\} [1-9]/)
    expect(text).toMatch(/verbatim_guard_execution_seconds_count\{status="2xx"\} [1-9]/)
  })
})

describe('resilience against a dead upstream', () => {
  it('opens the circuit after consecutive connect failures and fails fast with a Retry-After, forwarding nothing', async () => {
    const dead = await startStack({ gate: () => ({ upstreams: [{ name: 'sandbox', url: 'http://127.0.0.1:9', audience: 'sandbox-1', guarded: false, circuit: { failures: 2, coolDownMs: 60_000 } }] }) })
    try {
      const codes: string[] = []
      for (let i = 0; i < 4; i++) codes.push(((await (await dead.call('t.run', '{"n":1}')).json()) as { code: string }).code)
      expect(codes).toEqual(['ERR_GATE_UPSTREAM_UNAVAILABLE', 'ERR_GATE_UPSTREAM_UNAVAILABLE', 'ERR_GATE_CIRCUIT_OPEN', 'ERR_GATE_CIRCUIT_OPEN'])
      const open = await dead.call('t.run', '{"n":1}')
      expect(open.status).toBe(503)
      expect(Number(open.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
      // Shed before anything was signed: the decision record is a reject, not an approval.
      const d = (await dead.approved()).find((x) => x.type === 'decision' && x.decisionId === open.headers.get('verbatim-decision-id'))
      expect(d).toMatchObject({ verdict: 'reject', code: 'ERR_GATE_CIRCUIT_OPEN' })
      expect(dead.gateLog.join('\n')).toContain("upstream 'sandbox' circuit open")
      expect(await (await fetch(`${dead.gate.url}/metrics`)).text()).toContain('verbatim_upstream_circuit_state{upstream="sandbox"} 2')
    } finally {
      await dead.close()
    }
  })

  it('retries once, with the same binding, only a call whose connection never opened', async () => {
    const attempts: Array<{ signature: string | undefined }> = []
    let mode: 'never-sent' | 'sent' = 'never-sent'
    const h = await harness({
      forward: async (req) => {
        attempts.push({ signature: req.headers['signature'] })
        if (attempts.length === 1 || mode === 'sent') throw new VerbatimError('ERR_GATE_UPSTREAM_UNAVAILABLE', 'upstream: ECONNREFUSED', { detail: { sent: mode === 'sent' ? true : false, fault: true } })
        return { status: 200, headers: {}, body: new TextEncoder().encode('{}') }
      },
    })
    expect((await call(h, 'fs.read', '{"path":"/workspace/a"}')).status).toBe(200)
    expect(attempts).toHaveLength(2)
    expect(attempts[0]?.signature).toBe(attempts[1]?.signature)
    mode = 'sent'
    attempts.length = 0
    expect((await call(h, 'fs.read', '{"path":"/workspace/b"}')).status).toBe(502)
    expect(attempts).toHaveLength(1)
  })
})

describe('graceful stop', () => {
  it('fails readiness first, lets a call in flight finish, then closes the audit log with stop and checkpoint', async () => {
    const g = await startStack()
    const inflight = g.call('t.run', '{"hold":true}')
    while (g.ran.length === 0) await new Promise((r) => setTimeout(r, 5))
    const closing = g.gate.close({ graceMs: 60_000 })
    expect(g.gate.deps.ready?.().reasons).toContain('stopping: draining calls in flight')
    expect(g.release()).toBe(1)
    expect((await inflight).status).toBe(200)
    await closing
    const tail = (await g.approved()).slice(-2).map((r) => r.type)
    expect(tail).toEqual(['stop', 'checkpoint'])
    await g.guard.close()
  })
})
