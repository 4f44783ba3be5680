/**
 * Requests on one connection are handled strictly one after another, and nothing that arrives
 * behind a closing answer is authenticated, evaluated, forwarded or executed (RFC 9112 §9.6).
 * HTTP/1.0 with Transfer-Encoding is faulty framing (RFC 9112 §6.1): 400, closed. Exact bytes on
 * raw sockets, against the gate and the standalone guard; the recording executor shows what ran.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseResponses, post, rawExchange } from '../helpers/raw-http.js'
import { signedCall } from '../helpers/sign.js'
import { TOKEN, startStack } from '../helpers/stack.js'
import type { Stack } from '../helpers/stack.js'

let s: Stack
const auth = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }
const port = (url: string): number => Number(new URL(url).port)
const decisions = async (): Promise<Array<Record<string, unknown>>> => (await s.approved()).filter((r) => r.type === 'decision') as Array<Record<string, unknown>>

beforeAll(async () => {
  s = await startStack({ gate: () => ({ limits: { maxBodyBytes: 1024 } }), guard: { maxBodyBytes: 1024 } })
})
afterAll(async () => s.close())

function chunkedOver(path: string, headers: Record<string, string>, bytes: number): string {
  const h = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')
  const chunk = `{"pad":"${'x'.repeat(bytes)}"}`
  return `POST ${path} HTTP/1.1\r\nHost: x\r\n${h}Transfer-Encoding: chunked\r\n\r\n${chunk.length.toString(16)}\r\n${chunk}\r\n0\r\n\r\n`
}

describe('gate: one request at a time per connection', () => {
  it('never evaluates or forwards a call pipelined behind a 413 that closes the connection', async () => {
    const ranBefore = s.ran.length
    const before = (await decisions()).length
    const second = post('/v1/tools/fs.write', auth, '{"path":"/workspace/behind-413"}')
    const { out, closed } = await rawExchange(port(s.gate.url), chunkedOver('/v1/tools/fs.write', auth, 4096) + second)
    const res = parseResponses(out)
    expect(closed).toBe(true)
    expect(res.map((r) => [r.status, r.headers['connection']])).toEqual([[413, 'close']])
    expect(JSON.parse(res[0]?.body ?? '{}')).toMatchObject({ code: 'ERR_INTAKE_TOO_LARGE' })
    expect(s.ran.slice(ranBefore)).toEqual([])
    const added = (await decisions()).slice(before)
    expect(added.map((r) => [r.verdict, r.code])).toEqual([['reject', 'ERR_INTAKE_TOO_LARGE']])
  })

  it('answers two pipelined calls in order, the second started only after the first was answered', async () => {
    const ranBefore = s.ran.length
    const a = post('/v1/tools/t.one', auth, '{"n":1}')
    const b = post('/v1/tools/t.two', auth, '{"n":2}')
    const { out } = await rawExchange(port(s.gate.url), a + b, (o) => parseResponses(o).length === 2)
    expect(parseResponses(out).map((r) => [r.status, JSON.parse(r.body) as unknown])).toEqual([[200, { ran: { n: 1 } }], [200, { ran: { n: 2 } }]])
    expect(s.ran.slice(ranBefore).map((r) => r.path)).toEqual(['/v1/tools/t.one', '/v1/tools/t.two'])
    // The log shows the order: the first call's decision and forward records, then the second's decision.
    const log = (await s.approved()).filter((r) => r.type === 'decision' || r.type === 'forward')
    const first = log.findIndex((r) => r.type === 'decision' && r.tool === 't.one')
    const tools = new Map(log.filter((r) => r.type === 'decision').map((r) => [r.decisionId, r.tool]))
    const ids = log.slice(first).map((r) => [r.type, tools.get(r.decisionId)])
    expect(ids).toEqual([['decision', 't.one'], ['forward', 't.one'], ['decision', 't.two'], ['forward', 't.two']])
  })

  it('refuses HTTP/1.0 with Transfer-Encoding (faulty framing) with 400, audits it and closes', async () => {
    const ranBefore = s.ran.length
    const before = (await decisions()).length
    const body = '{"n":3}'
    const req = `POST /v1/tools/t.one HTTP/1.0\r\nHost: x\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Type: application/json\r\nConnection: keep-alive\r\nTransfer-Encoding: chunked\r\n\r\n${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`
    const { out, closed } = await rawExchange(port(s.gate.url), req + post('/v1/tools/t.two', auth, '{"n":4}'))
    const res = parseResponses(out)
    expect(closed).toBe(true)
    expect(res.map((r) => [r.status, r.headers['connection'], (JSON.parse(r.body) as { code: string }).code])).toEqual([[400, 'close', 'ERR_INTAKE_MALFORMED_HTTP']])
    expect(s.ran.slice(ranBefore)).toEqual([])
    expect((await decisions()).slice(before).map((r) => r.code)).toEqual(['ERR_INTAKE_MALFORMED_HTTP'])
  })
})

describe('guard: one request at a time per connection', () => {
  it('never verifies or executes a signed call pipelined behind a 413 that closes the connection', async () => {
    const ranBefore = s.ran.length
    const call = signedCall(s.gateKey, 'fs.write', '{"path":"/workspace/behind-guard-413"}')
    const { out, closed } = await rawExchange(port(s.guard.url), chunkedOver('/v1/tools/fs.write', { 'content-type': 'application/json' }, 4096) + post(call.path, call.headers, call.body))
    const res = parseResponses(out)
    expect(closed).toBe(true)
    expect(res.map((r) => [r.status, r.headers['connection']])).toEqual([[413, 'close']])
    expect(s.ran.slice(ranBefore)).toEqual([])
    const nonce = /nonce="([^"]+)"/.exec(call.headers['signature-input'] ?? '')?.[1]
    expect((await s.executed()).filter((r) => r.nonce === nonce)).toEqual([])
  })

  it('refuses HTTP/1.0 with Transfer-Encoding with 400 and closes, executing nothing', async () => {
    const ranBefore = s.ran.length
    const call = signedCall(s.gateKey, 't.one', '{"n":5}')
    const h = Object.entries(call.headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')
    const req = `POST ${call.path} HTTP/1.0\r\nHost: x\r\n${h}Connection: keep-alive\r\nTransfer-Encoding: chunked\r\n\r\n${call.body.length.toString(16)}\r\n${call.body}\r\n0\r\n\r\n`
    const { out, closed } = await rawExchange(port(s.guard.url), req)
    expect(closed).toBe(true)
    expect(parseResponses(out).map((r) => [r.status, (JSON.parse(r.body) as { code: string }).code])).toEqual([[400, 'ERR_INTAKE_MALFORMED_HTTP']])
    expect(s.ran.slice(ranBefore)).toEqual([])
  })

  it('runs two pipelined signed calls in order', async () => {
    const ranBefore = s.ran.length
    const a = signedCall(s.gateKey, 't.one', '{"n":6}')
    const b = signedCall(s.gateKey, 't.two', '{"n":7}')
    const { out } = await rawExchange(port(s.guard.url), post(a.path, a.headers, a.body) + post(b.path, b.headers, b.body), (o) => parseResponses(o).length === 2)
    expect(parseResponses(out).map((r) => r.status)).toEqual([200, 200])
    expect(s.ran.slice(ranBefore).map((r) => r.body)).toEqual(['{"n":6}', '{"n":7}'])
  })
})
