/**
 * Bounded resources and honest codes on real sockets: a client that hangs up mid-body is a client
 * event (ERR_INTAKE_ABORTED, audited, no stack trace); slow bodies cannot pin more than the global
 * body budget, and normal calls are still served; idle unauthenticated connections make room for
 * new ones, never an agent's; connections beyond the cap are shed with a jittered Retry-After. The
 * same holds for the standalone guard.
 */
import { connect } from 'node:net'
import type { Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseResponses, post, rawExchange } from '../helpers/raw-http.js'
import { eventually, hold, holdMany } from '../http/sockets.js'
import type { Held } from '../http/sockets.js'
import { signedCall } from '../helpers/sign.js'
import { TOKEN, startStack } from '../helpers/stack.js'
import type { Stack } from '../helpers/stack.js'

const BUDGET = 64 * 1024
const DECLARED = 16_000
let s: Stack
const port = (url: string): number => Number(new URL(url).port)

beforeAll(async () => {
  s = await startStack({
    // Idle connections wait as long as the test needs: what closes one here is the budget, not a deadline.
    gate: () => ({ limits: { maxBodyBytes: DECLARED, maxInflightBodyBytes: BUDGET, maxConnections: 40, idleTimeoutMs: 600_000, headersTimeoutMs: 600_000 } }),
    guard: { maxBodyBytes: DECLARED, maxInflightBodyBytes: BUDGET, maxConnections: 40, idleTimeoutMs: 600_000, headersTimeoutMs: 600_000 },
  })
})
afterAll(async () => s.close())

/** Opens a connection, sends the head and a first slice of a body, and keeps it open; resolves on the first bytes answered or when it is held. */
function slowBody(p: number, path: string, headers: Record<string, string>, declared: number): Promise<{ sock: Socket; answer: Promise<string> }> {
  return new Promise((resolve, reject) => {
    const sock = connect(p, '127.0.0.1', () => {
      const h = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')
      sock.write(`POST ${path} HTTP/1.1\r\nHost: x\r\n${h}Content-Length: ${declared}\r\n\r\n{"pad":"`)
      resolve({ sock, answer })
    })
    let out = ''
    const answer = new Promise<string>((done) => {
      sock.on('data', (d) => (out += d.toString()))
      sock.on('close', () => done(out))
    })
    sock.on('error', reject)
  })
}

const decisions = async (): Promise<Array<Record<string, unknown>>> => (await s.approved()).filter((r) => r.type === 'decision') as Array<Record<string, unknown>>

describe('gate: a client that hangs up mid-body', () => {
  it('is audited as ERR_INTAKE_ABORTED without a stack trace, and nothing is forwarded', async () => {
    const ran = s.ran.length
    const before = (await decisions()).length
    const { sock } = await slowBody(port(s.gate.url), '/v1/tools/t.run', { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, 100)
    sock.destroy()
    await eventually(async () => (await decisions()).length > before)
    expect((await decisions()).slice(before).map((r) => [r.verdict, r.code])).toEqual([['reject', 'ERR_INTAKE_ABORTED']])
    expect(s.gateLog.join('\n')).not.toMatch(/ERR_INTERNAL|internal error|\n\s+at /)
    expect(s.ran.length).toBe(ran)
  })
})

describe('gate: the global budget of body bytes in flight', () => {
  it('sheds slow bodies beyond the budget with 503 and a Retry-After, holds memory to the budget, and still serves normal calls', async () => {
    const ran = s.ran.length
    const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }
    const slow = await Promise.all(Array.from({ length: 20 }, () => slowBody(port(s.gate.url), '/v1/tools/t.run', headers, DECLARED)))
    const budget = s.gate.deps.bodyBudget!
    const admitted = Math.floor(BUDGET / DECLARED)
    await eventually(async () => budget.inUse === admitted * DECLARED)
    // Every connection beyond the budget is answered at once and closed; the admitted ones wait for their bodies.
    const ended = (): typeof slow => slow.filter((c) => c.sock.destroyed || c.sock.readableEnded)
    await eventually(() => ended().length === slow.length - admitted)
    const refused = (await Promise.all(ended().map((c) => c.answer))).map((o) => parseResponses(o)[0])
    expect(refused.map((r) => [r?.status, (JSON.parse(r?.body ?? '{}') as { code: string }).code, r?.headers['connection']])).toEqual(Array(slow.length - admitted).fill([503, 'ERR_GATE_OVERLOADED', 'close']))
    const retryAfter = refused.map((r) => Number(r?.headers['retry-after']))
    expect(retryAfter.every((v) => v >= 1 && v <= 5)).toBe(true)
    expect(budget.highWater).toBeLessThanOrEqual(BUDGET)
    // A normal call is still served while the slow ones hold their share.
    const ok = await s.call('t.run', '{"n":1}')
    expect(ok.status).toBe(200)
    for (const c of slow) c.sock.destroy()
    await eventually(() => budget.inUse === 0)
    expect(s.ran.length).toBe(ran + 1)
  })
})

describe('gate: the connection cap and the unauthenticated budget', () => {
  const auth = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }
  const answered = (h: Held, n: number): boolean => parseResponses(h.out()).length === n

  it('closes idle unauthenticated connections to make room, never one whose request carried a valid token', async () => {
    const p = port(s.gate.url)
    const agent = await hold(p, { first: post('/v1/tools/t.run', auth, '{"n":10}') })
    const stranger = await hold(p, { first: post('/v1/tools/t.run', { ...auth, authorization: 'Bearer wrong-token-0123456789' }, '{"n":11}') })
    await eventually(() => answered(agent, 1) && answered(stranger, 1))
    expect([agent, stranger].map((h) => parseResponses(h.out())[0]?.status)).toEqual([200, 401])
    // 60 connections that send nothing, against a cap of 40.
    const flood = await holdMany(p, 60)
    await eventually(() => stranger.closed())
    const last = parseResponses(stranger.out())[1]
    expect([last?.status, (JSON.parse(last?.body ?? '{}') as { code: string }).code, Number(last?.headers['retry-after']) >= 1]).toEqual([503, 'ERR_GATE_OVERLOADED', true])
    expect(s.gate.connections.open).toBeLessThanOrEqual(40)
    // The agent's connection was never closed to make room: its next call is served on it.
    agent.sock.write(post('/v1/tools/t.run', auth, '{"n":12}'))
    await eventually(() => answered(agent, 2))
    expect([agent.closed(), parseResponses(agent.out())[1]?.status]).toEqual([false, 200])
    for (const h of [agent, stranger, ...flood]) h.sock.destroy()
    await eventually(() => s.gate.connections.unauthenticated === 0)
  })

  it('answers a connection beyond limits.maxConnections with 503 ERR_GATE_OVERLOADED when every slot is authenticated', async () => {
    const p = port(s.gate.url)
    const base = s.gate.connections.open // keep-alive connections of earlier calls count too
    // Any request carrying a valid token authenticates its connection; /healthz sends nothing on to the guard.
    const agents = await Promise.all(Array.from({ length: 40 - base }, () => hold(p, { first: `GET /healthz HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKEN}\r\n\r\n` })))
    await eventually(() => agents.every((a) => answered(a, 1)) && s.gate.connections.unauthenticated === 0)
    const { out, closed } = await rawExchange(p, `GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n`)
    expect(closed).toBe(true)
    const r = parseResponses(out)[0]
    expect([r?.status, (JSON.parse(r?.body ?? '{}') as { code: string }).code]).toEqual([503, 'ERR_GATE_OVERLOADED'])
    expect(Number(r?.headers['retry-after'])).toBeGreaterThanOrEqual(1)
    expect(s.gate.connections.open).toBe(40)
    for (const a of agents) a.sock.destroy()
    await eventually(() => s.gate.connections.open <= base)
    expect((await s.call('t.run', '{"n":2}')).status).toBe(200)
  })
})

describe('guard: the same bounds before any verification', () => {
  it('sheds unauthenticated slow bodies beyond its budget with 503 ERR_GUARD_OVERLOADED', async () => {
    const slow = await Promise.all(Array.from({ length: 8 }, () => slowBody(port(s.guard.url), '/v1/tools/t.run', { 'content-type': 'application/json' }, DECLARED)))
    const refused = (await Promise.all(slow.slice(Math.floor(BUDGET / DECLARED)).map((c) => c.answer))).map((o) => parseResponses(o)[0])
    expect(refused.map((r) => [r?.status, (JSON.parse(r?.body ?? '{}') as { code: string }).code])).toEqual(Array(8 - Math.floor(BUDGET / DECLARED)).fill([503, 'ERR_GUARD_OVERLOADED']))
    for (const c of slow) c.sock.destroy()
  })

  it('closes idle unverified connections to make room, never one that carried a verified binding', async () => {
    const p = port(s.guard.url)
    const first = signedCall(s.gateKey, 't.run', '{"n":20}')
    const gate = await hold(p, { first: post(first.path, first.headers, first.body) })
    const unsigned = await hold(p, { first: post('/v1/tools/t.run', { 'content-type': 'application/json' }, '{"n":21}') })
    await eventually(() => parseResponses(gate.out()).length === 1 && parseResponses(unsigned.out()).length === 1)
    expect([gate, unsigned].map((h) => parseResponses(h.out())[0]?.status)).toEqual([200, 401])
    const flood = await holdMany(p, 60)
    await eventually(() => unsigned.closed())
    expect((JSON.parse(parseResponses(unsigned.out())[1]?.body ?? '{}') as { code: string }).code).toBe('ERR_GUARD_OVERLOADED')
    expect(s.guard.connections.open).toBeLessThanOrEqual(40)
    const second = signedCall(s.gateKey, 't.run', '{"n":22}')
    gate.sock.write(post(second.path, second.headers, second.body))
    await eventually(() => parseResponses(gate.out()).length === 2)
    expect([gate.closed(), parseResponses(gate.out())[1]?.status]).toEqual([false, 200])
    for (const h of [gate, unsigned, ...flood]) h.sock.destroy()
  })
})
