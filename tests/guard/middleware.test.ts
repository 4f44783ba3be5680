import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Hono } from 'hono'
import { afterEach, describe, expect, it } from 'vitest'
import { generateKeyPair } from '../../src/binding/index.js'
import { guard, guardNodeHandler, verifyReceipt } from '../../src/guard/index.js'
import type { ExecutionLog, GuardEnv, GuardOptions } from '../../src/guard/index.js'
import { NOW, options, sign } from './helpers.js'

const guardKey = await generateKeyPair()

function setup(over: Partial<GuardOptions> = {}): { opts: GuardOptions; records: Array<{ type: string; fields: Record<string, unknown> }>; ran: unknown[] } {
  const records: Array<{ type: string; fields: Record<string, unknown> }> = []
  const log: ExecutionLog = { append: async (type, fields) => { records.push({ type, fields }) } }
  const o = options()
  // A guard that has been up for an hour: the restart rule (tested on its own below) is behind it.
  const opts: GuardOptions = { audience: o.audience, keys: o.keys, replay: o.replay, log, receiptSigner: guardKey, clock: () => (NOW + 5) * 1000, startedAt: NOW - 3600, ...over }
  return { opts, records, ran: [] }
}

function honoApp(opts: GuardOptions, ran: unknown[]): Hono<GuardEnv> {
  const app = new Hono<GuardEnv>()
  app.use('/v1/tools/*', guard(opts))
  app.post('/v1/tools/:tool', (c) => {
    ran.push(c.get('verbatim').value)
    return c.json({ ok: true }, 201)
  })
  return app
}

describe('guard() hono middleware', () => {
  it('runs the handler with the verified value, after the accepted execution record, and adds a receipt', async () => {
    const { opts, records, ran } = setup()
    const s = sign()
    const res = await honoApp(opts, ran).request(s.path, { method: 'POST', headers: s.headers, body: s.body })
    expect(res.status).toBe(201)
    expect(ran).toEqual([{ path: '/workspace/a.txt' }])
    expect(records.map((r) => [r.type, r.fields.status])).toEqual([['execution', 'accepted'], ['receipt', 201]])
    const claims = await verifyReceipt(res.headers.get('verbatim-receipt') ?? '', guardKey.publicJwk)
    expect(claims).toEqual({ decisionId: 'dec-1', digest: records[0]?.fields.digest, status: 201, ts: NOW + 5, aud: 'sandbox-1' })
  })

  it('answers problem+json 401 with the code and never runs the handler', async () => {
    const { opts, records, ran } = setup()
    const s = sign()
    const res = await honoApp(opts, ran).request(s.path, { method: 'POST', headers: { ...s.headers, 'content-digest': 'sha-256=:AAAA:' }, body: s.body })
    expect(res.status).toBe(401)
    expect(res.headers.get('content-type')).toBe('application/problem+json')
    expect(await res.json()).toMatchObject({ code: 'ERR_GUARD_SIGNATURE_MALFORMED', status: 401 })
    expect(ran).toEqual([])
    expect(records.filter((r) => r.fields.status === 'accepted')).toEqual([])
  })

  it('answers 403 ERR_GUARD_REPLAY to a replay, logging it as rejected', async () => {
    const { opts, records, ran } = setup()
    const app = honoApp(opts, ran)
    const s = sign()
    await app.request(s.path, { method: 'POST', headers: s.headers, body: s.body })
    const res = await app.request(s.path, { method: 'POST', headers: s.headers, body: s.body })
    expect(res.status).toBe(403)
    expect(await res.json()).toMatchObject({ code: 'ERR_GUARD_REPLAY', decisionId: 'dec-1' })
    expect(ran.length).toBe(1)
    await new Promise((r) => setImmediate(r))
    expect(records.at(-1)).toMatchObject({ type: 'refusal', fields: { code: 'ERR_GUARD_REPLAY', decisionId: 'dec-1' } })
  })

  it('refuses with 503 ERR_AUDIT_UNAVAILABLE, handler not run, when the execution record cannot be made durable', async () => {
    const { opts, ran } = setup({ log: { append: async () => { throw new Error('disk full') } } })
    const s = sign()
    const res = await honoApp(opts, ran).request(s.path, { method: 'POST', headers: s.headers, body: s.body })
    expect(res.status).toBe(503)
    expect(await res.json()).toMatchObject({ code: 'ERR_AUDIT_UNAVAILABLE' })
    expect(ran).toEqual([])
  })

  it('answers a refusal only once its record is durable, and with no decision id when it cannot be (DESIGN invariant 8)', async () => {
    const { opts, ran } = setup({ log: { append: async (type) => { if (type === 'refusal') throw new Error('disk full') } } })
    const app = honoApp(opts, ran)
    const s = sign()
    const tampered = await app.request(s.path, { method: 'POST', headers: s.headers, body: '{"path":"/workspace/b.txt"}' })
    expect(tampered.status).toBe(503)
    const body = (await tampered.json()) as Record<string, unknown>
    expect(body).toMatchObject({ code: 'ERR_AUDIT_UNAVAILABLE' })
    expect(body).not.toHaveProperty('decisionId')
    expect(tampered.headers.get('retry-after')).toMatch(/^\d+$/)
    // The signed binding was refused (step 7): its nonce is spent, so the right body does not run
    // later, even on a guard whose log works again (the same store).
    const healthy = setup({ replay: opts.replay as NonNullable<GuardOptions['replay']> })
    const later = await honoApp(healthy.opts, ran).request(s.path, { method: 'POST', headers: s.headers, body: s.body })
    expect(later.status).toBe(403)
    expect(await later.json()).toMatchObject({ code: 'ERR_GUARD_REPLAY', decisionId: 'dec-1' })
    expect(ran).toEqual([])
  })

  it('refuses a body over maxBodyBytes with 413 before any check', async () => {
    const { opts, ran } = setup({ maxBodyBytes: 8 })
    const s = sign()
    const res = await honoApp(opts, ran).request(s.path, { method: 'POST', headers: s.headers, body: s.body })
    expect(res.status).toBe(413)
    expect(ran).toEqual([])
  })

  it('applies the restart rule by default with its in-memory store', async () => {
    const { opts, ran } = setup({ clock: () => (NOW + 31) * 1000 })
    delete (opts as { replay?: unknown }).replay
    delete (opts as { startedAt?: unknown }).startedAt
    const s = sign()
    const res = await honoApp(opts, ran).request(s.path, { method: 'POST', headers: s.headers, body: s.body })
    expect(res.status).toBe(401)
    expect(await res.json()).toMatchObject({ code: 'ERR_GUARD_BEFORE_START' })
    expect(ran).toEqual([])
  })
})

describe('guardNodeHandler', () => {
  let close: (() => void) | undefined
  afterEach(() => close?.())

  async function serve(opts: GuardOptions, ran: unknown[], status = 200): Promise<string> {
    const server = createServer(guardNodeHandler(opts, (_req, res, v) => {
      ran.push(v.value)
      res.statusCode = status
      res.end(JSON.stringify({ ok: true }))
    }))
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    close = () => server.close()
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  }

  it('passes the verified value to the handler over a real socket, with a receipt for its status', async () => {
    const { opts, records, ran } = setup()
    const url = await serve(opts, ran, 202)
    const s = sign()
    const res = await fetch(url + s.path, { method: 'POST', headers: s.headers, body: s.body })
    expect(res.status).toBe(202)
    expect(ran).toEqual([{ path: '/workspace/a.txt' }])
    expect((await verifyReceipt(res.headers.get('verbatim-receipt') ?? '', guardKey.publicJwk)).status).toBe(202)
    await new Promise((r) => setTimeout(r, 10))
    expect(records.map((r) => r.type)).toEqual(['execution', 'receipt'])
  })

  it('verifies the raw path: a dot segment in transit fails (not normalised away)', async () => {
    const { opts, ran } = setup()
    const url = await serve(opts, ran)
    const s = sign()
    // fetch would normalise the dot segment itself; node:http sends the target as written.
    const { request } = await import('node:http')
    const status = await new Promise<number>((resolve) => {
      const r = request(url + '/', { method: 'POST', path: '/v1/tools/./fs.read', headers: s.headers }, (rs) => { rs.resume(); resolve(rs.statusCode ?? 0) })
      r.end(Buffer.from(s.body))
    })
    expect(status).toBe(401)
    expect(ran).toEqual([])
  })

  it('refuses an unsigned request with ERR_GUARD_SIGNATURE_MISSING', async () => {
    const { opts, ran } = setup()
    const url = await serve(opts, ran)
    const res = await fetch(url + '/v1/tools/fs.read', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
    expect(res.status).toBe(401)
    expect(await res.json()).toMatchObject({ code: 'ERR_GUARD_SIGNATURE_MISSING' })
    expect(ran).toEqual([])
  })
})
