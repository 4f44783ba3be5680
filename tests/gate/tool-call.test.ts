import { createHash, createPublicKey } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { parseBinding, verifySignature, checkDigest } from '../../src/binding/index.js'
import { VerbatimError } from '../../src/errors/index.js'
import { call, harness, NOW, TOKEN } from './harness.js'
import type { Harness } from './harness.js'

let h: Harness
afterEach(async () => {
  await h?.audit.close()
})

const text = (b: Uint8Array): string => new TextDecoder().decode(b)

describe('gate: an allowed call', () => {
  it('forwards exactly the canonical bytes, signed, and relays the answer', async () => {
    h = await harness()
    const res = await call(h, 'fs.read', '{ "path" : "/workspace/a.txt", "b": 1.0 }')
    expect(res.status).toBe(200)
    expect(res.headers.get('verbatim-decision-id')).toBe('d-1')
    expect(res.headers.get('verbatim-receipt')).toBe('r.e.c')
    expect(await res.text()).toBe('{"ok":true}')
    expect(h.sent).toHaveLength(1)
    const sent = h.sent[0]!
    expect(text(sent.body)).toBe('{"b":1,"path":"/workspace/a.txt"}')
    expect(sent.url.href).toBe('http://127.0.0.1:9/v1/tools/fs.read')
    expect(Object.keys(sent.headers).sort()).toEqual(['content-digest', 'content-type', 'signature', 'signature-input', 'verbatim-decision'])
    const digest = createHash('sha256').update(sent.body).digest('base64')
    expect(sent.headers['content-digest']).toBe(`sha-256=:${digest}:`)
    const parsed = parseBinding({ method: 'POST', path: '/v1/tools/fs.read', query: '', headers: (n) => sent.headers[n.toLowerCase()] ?? null })
    expect(parsed.decision).toMatchObject({ id: 'd-1', agent: 'coder', tool: 'fs.read', audience: 'sandbox-1' })
    expect(parsed.params.created).toBe(NOW / 1000)
    expect(parsed.params.expires).toBe(NOW / 1000 + 60)
    expect(() => verifySignature(parsed, createPublicKey(h.key.privateKey))).not.toThrow()
    expect(() => checkDigest(parsed, sent.body)).not.toThrow()
  })

  it('forwards identical bytes for every spelling of one meaning', async () => {
    h = await harness()
    const spellings = [
      '{"path":"/workspace/a.txt","n":100,"s":"é"}',
      '{"s":"\\u00e9","n":1e2,"path":"/workspace/a.txt"}',
      ' {\n\t"n" : 100.0 , "path":"\\/workspace\\/a.txt","s":"é"}  ',
      '{"n":1.00E+2,"s":"\\u00E9","path":"/workspace/a.txt"}',
    ]
    for (const s of spellings) expect((await call(h, 'fs.read', s)).status).toBe(200)
    const bodies = new Set(h.sent.map((r) => text(r.body)))
    expect([...bodies]).toEqual(['{"n":100,"path":"/workspace/a.txt","s":"é"}'])
  })

  it('records the decision durably before forwarding, then the forward', async () => {
    h = await harness()
    let recordsAtForward: Array<Record<string, unknown>> = []
    h.reply = async () => {
      recordsAtForward = await h.records()
      return { status: 201, headers: {}, body: new Uint8Array() }
    }
    const res = await call(h, 'fs.read', '{"path":"/workspace/a"}')
    expect(res.status).toBe(201)
    const decision = recordsAtForward.find((r) => r.type === 'decision')
    expect(decision).toMatchObject({ decisionId: 'd-1', verdict: 'allow', agent: 'coder', tool: 'fs.read', ruleIds: ['read-workspace'], audience: 'sandbox-1', keyid: h.key.kid })
    const all = await h.records()
    expect(all.filter((r) => r.type === 'forward')).toMatchObject([{ decisionId: 'd-1', status: 201 }])
  })
})

describe('gate: refusals are specific, audited and never forwarded', () => {
  const cases: Array<[string, string, string | null, Record<string, string>, number, string]> = [
    ['a denied call', 'fs.read', '{"path":"/workspace/.env"}', {}, 403, 'ERR_POLICY_DENIED'],
    ['a call no rule allows', 'fs.read', '{"path":"/etc/passwd"}', {}, 403, 'ERR_POLICY_NO_MATCH'],
    ['a bad token', 'fs.read', '{"path":"/workspace/a"}', { authorization: 'Bearer nope-nope-nope-nope' }, 401, 'ERR_INTAKE_UNAUTHENTICATED'],
    ['no token', 'fs.read', '{"path":"/workspace/a"}', { authorization: '' }, 401, 'ERR_INTAKE_UNAUTHENTICATED'],
    ['an unknown tool', 'db.drop', '{"x":1}', {}, 404, 'ERR_GATE_UNKNOWN_TOOL'],
    ['a wrong content type', 'fs.read', '{"path":"/workspace/a"}', { 'content-type': 'text/plain' }, 415, 'ERR_INTAKE_CONTENT_TYPE'],
    ['a content encoding', 'fs.read', '{"path":"/workspace/a"}', { 'content-encoding': 'gzip' }, 415, 'ERR_INTAKE_CONTENT_ENCODING'],
    ['an empty body', 'fs.read', null, {}, 400, 'ERR_INTAKE_EMPTY_BODY'],
    ['an oversize body', 'fs.read', `{"path":"${'a'.repeat(5000)}"}`, {}, 413, 'ERR_INTAKE_TOO_LARGE'],
    ['a duplicate key', 'fs.read', '{"path":"/workspace/a","path":"/etc/passwd"}', {}, 400, 'ERR_CANONICAL_DUPLICATE_KEY'],
    ['an escaped duplicate key', 'fs.read', '{"path":"/workspace/a","\\u0070ath":"/etc/passwd"}', {}, 400, 'ERR_CANONICAL_DUPLICATE_KEY'],
    ['case-colliding keys', 'fs.read', '{"path":"/workspace/a","Path":"/etc/passwd"}', {}, 400, 'ERR_CANONICAL_CASE_COLLISION'],
    ['an array body', 'fs.read', '[1]', {}, 400, 'ERR_INTAKE_NOT_OBJECT'],
    ['a bad path', 'FS.read', '{"path":"/workspace/a"}', {}, 400, 'ERR_INTAKE_BAD_PATH'],
  ]
  it.each(cases)('%s', async (_name, tool, body, headers, status, code) => {
    h = await harness()
    const res = await call(h, tool, body, headers)
    expect(res.status).toBe(status)
    expect(res.headers.get('content-type')).toBe('application/problem+json')
    const problem = (await res.json()) as Record<string, unknown>
    expect(problem).toMatchObject({ code, status, decisionId: 'd-1' })
    expect(h.sent).toHaveLength(0)
    const records = await h.records()
    expect(records.filter((r) => r.type === 'decision')).toMatchObject([{ decisionId: 'd-1', verdict: code.startsWith('ERR_POLICY') ? 'deny' : 'reject', code }])
    expect(records.filter((r) => r.type === 'forward')).toHaveLength(0)
  })

  it('shows an unauthenticated client which of three it was, in fixed words, and nothing it sent', async () => {
    h = await harness()
    const res = await call(h, 'fs.read', '{"path":"/workspace/a"}', { authorization: 'Bearer wrong-token-wrong-token' })
    const problem = (await res.json()) as Record<string, unknown>
    expect(problem.detail).toBe('the bearer token matches no agent')
    expect(problem.title).toBe('Unauthenticated')
    expect(res.headers.get('www-authenticate')).toContain('Bearer')
  })

  it('names the denying rule and no other', async () => {
    h = await harness()
    const problem = (await (await call(h, 'fs.read', '{"path":"/workspace/.env"}')).json()) as { detail: string }
    expect(problem.detail).toContain('no-secrets')
    expect(problem.detail).not.toContain('read-workspace')
  })

  it('refuses GET on a tool with 405', async () => {
    h = await harness()
    const res = await h.app.request('/v1/tools/fs.read', { headers: { authorization: `Bearer ${TOKEN}` } })
    expect(res.status).toBe(405)
    expect(((await res.json()) as { code: string }).code).toBe('ERR_INTAKE_METHOD')
  })

  it('answers 404 problem+json for any other path', async () => {
    h = await harness()
    const res = await h.app.request('/admin')
    expect(res.status).toBe(404)
    expect(((await res.json()) as { code: string }).code).toBe('ERR_GATE_NOT_FOUND')
  })
})

describe('gate: failures fail closed', () => {
  it('answers 503 and forwards nothing when the audit log cannot be written', async () => {
    const failing = { append: async () => { throw new VerbatimError('ERR_AUDIT_UNAVAILABLE', 'disk full') } }
    h = await harness({ audit: failing })
    const res = await call(h, 'fs.read', '{"path":"/workspace/a"}')
    expect(res.status).toBe(503)
    expect(((await res.json()) as { code: string }).code).toBe('ERR_AUDIT_UNAVAILABLE')
    expect(h.sent).toHaveLength(0)
  })

  it('names no decision, nor the decision it would have been, in any refusal whose record cannot be made durable (DESIGN invariant 8)', async () => {
    const failing = { append: async () => { throw new VerbatimError('ERR_AUDIT_UNAVAILABLE', 'disk full') } }
    h = await harness({ audit: failing })
    const cases: Array<[string, () => Promise<Response>]> = [
      ['an allowed call', () => call(h, 'fs.read', '{"path":"/workspace/a"}')],
      ['a denial', () => call(h, 'fs.read', '{"path":"/workspace/.env"}')],
      ['a rejection (duplicate key)', () => call(h, 'fs.read', '{"path":"/workspace/a","path":"/etc"}')],
      ['no token', () => call(h, 'fs.read', '{"path":"/workspace/a"}', { authorization: '' })],
    ]
    for (const [what, send] of cases) {
      const res = await send()
      const body = (await res.json()) as Record<string, unknown>
      expect([res.status, body.code], what).toEqual([503, 'ERR_AUDIT_UNAVAILABLE'])
      expect(res.headers.get('verbatim-decision-id'), what).toBeNull()
      expect(body, what).not.toHaveProperty('decisionId')
      expect(res.headers.get('retry-after'), what).toMatch(/^\d+$/)
      expect(JSON.stringify(body), what).not.toMatch(/\.env|no-secrets|duplicate/i)
    }
    expect(h.sent).toHaveLength(0)
  })

  it('answers a refusal with its decision id once its record is durable', async () => {
    h = await harness()
    const res = await call(h, 'fs.read', '{"path":"/workspace/.env"}')
    expect(res.status).toBe(403)
    const id = res.headers.get('verbatim-decision-id')
    expect(((await res.json()) as { decisionId: string }).decisionId).toBe(id)
    expect((await h.records()).filter((r) => r.type === 'decision').map((r) => [r.decisionId, r.verdict])).toEqual([[id, 'deny']])
  })

  it('answers once the approval is durable, and logs an outcome that could not be recorded (one fsync wait per call)', async () => {
    const lines: string[] = []
    h = await harness({ log: (l) => lines.push(l) })
    const real = h.deps.audit
    h.deps.audit = { append: async (type, fields) => (type === 'forward' ? Promise.reject(new VerbatimError('ERR_AUDIT_UNAVAILABLE', 'disk full')) : real.append(type, fields)) }
    const res = await call(h, 'fs.read', '{"path":"/workspace/a"}')
    expect(res.status).toBe(200)
    expect(h.sent).toHaveLength(1)
    await new Promise((r) => setImmediate(r))
    expect(lines.join('\n')).toContain('the outcome of d-1 could not be recorded')
  })

  it('relays a 205 answer without a body', async () => {
    h = await harness()
    h.reply = async () => ({ status: 205, headers: {}, body: new TextEncoder().encode('ignored') })
    const res = await call(h, 'fs.read', '{"path":"/workspace/a"}')
    expect(res.status).toBe(205)
    expect(await res.text()).toBe('')
  })

  it('refuses to forward to an upstream found unguarded', async () => {
    h = await harness()
    h.upstream.guard = 'unguarded'
    const res = await call(h, 'fs.read', '{"path":"/workspace/a"}')
    expect(res.status).toBe(503)
    expect(((await res.json()) as { code: string }).code).toBe('ERR_GATE_UPSTREAM_UNGUARDED')
    expect(h.sent).toHaveLength(0)
  })

  it('refuses at once to forward to an upstream not yet probed, and starts a probe', async () => {
    const probed: string[] = []
    h = await harness({ reprobe: async (u) => void probed.push(u.config.name) })
    h.upstream.guard = 'unknown'
    const res = await call(h, 'fs.read', '{"path":"/workspace/a"}')
    expect(res.status).toBe(502)
    expect(((await res.json()) as { code: string }).code).toBe('ERR_GATE_UPSTREAM_UNAVAILABLE')
    expect(probed).toEqual(['sandbox'])
    expect(h.sent).toHaveLength(0)
  })

  it('forwards once the probe it started finds the upstream guarded', async () => {
    h = await harness({ reprobe: async (u) => void (u.guard = 'guarded') })
    h.upstream.guard = 'unknown'
    expect((await call(h, 'fs.read', '{"path":"/workspace/a"}')).status).toBe(502)
    expect((await call(h, 'fs.read', '{"path":"/workspace/a"}')).status).toBe(200)
    expect(h.sent).toHaveLength(1)
  })

  it.each([
    ['ERR_GATE_UPSTREAM_UNAVAILABLE', 502],
    ['ERR_GATE_UPSTREAM_TIMEOUT', 504],
  ] as const)('maps a transport fault to %s, once, with the decision id', async (code, status) => {
    h = await harness()
    h.reply = async () => {
      throw new VerbatimError(code)
    }
    const res = await call(h, 'fs.read', '{"path":"/workspace/a"}')
    expect(res.status).toBe(status)
    expect(await res.json()).toMatchObject({ code, decisionId: 'd-1' })
    expect(h.sent).toHaveLength(1)
    expect((await h.records()).filter((r) => r.type === 'forward')).toMatchObject([{ decisionId: 'd-1', status: 0, code }])
  })

  it('refuses with 503 once the concurrency limit and queue are full', async () => {
    h = await harness()
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    h.reply = async () => {
      await gate
      return { status: 200, headers: {}, body: new Uint8Array() }
    }
    const first = call(h, 'fs.read', '{"path":"/workspace/a"}')
    const second = call(h, 'fs.read', '{"path":"/workspace/b"}')
    await new Promise((r) => setTimeout(r, 50))
    const third = await call(h, 'fs.read', '{"path":"/workspace/c"}')
    expect(third.status).toBe(503)
    expect(((await third.json()) as { code: string }).code).toBe('ERR_GATE_OVERLOADED')
    expect(third.headers.get('retry-after')).toMatch(/^[1-5]$/)
    release()
    expect((await first).status).toBe(200)
    expect((await second).status).toBe(200)
    expect(h.sent).toHaveLength(2)
  })
})

describe('gate: keys and readiness', () => {
  it('publishes its public key at /.well-known/jwks.json', async () => {
    h = await harness()
    const body = (await (await h.app.request('/.well-known/jwks.json')).json()) as { keys: Array<Record<string, unknown>> }
    expect(body.keys).toHaveLength(1)
    expect(body.keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', kid: h.key.kid })
    expect(body.keys[0]).not.toHaveProperty('d')
  })

  it('is not ready while an upstream is unprobed or unguarded', async () => {
    h = await harness()
    expect((await h.app.request('/readyz')).status).toBe(200)
    h.upstream.guard = 'unknown'
    const res = await h.app.request('/readyz')
    expect(res.status).toBe(503)
    expect(await res.json()).toMatchObject({ ok: false, reasons: ['upstream sandbox: unknown'] })
  })

  it('is not ready while an upstream\'s circuit is open', async () => {
    h = await harness()
    const c = h.upstream.circuit
    while (c.state !== 'open') c.settle('fault')
    const res = await h.app.request('/readyz')
    expect(res.status).toBe(503)
    expect(((await res.json()) as { reasons: string[] }).reasons).toEqual([expect.stringMatching(/^upstream sandbox: circuit open/)])
  })
})
