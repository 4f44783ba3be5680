/**
 * The method pre-check of docs/binding.md §6 on real sockets: a method that is not uppercase letters never reaches a
 * verifier in node (its parser refuses the request line), and the standalone guard and the gate answer it with an
 * RFC 9457 problem, ERR_INTAKE_MALFORMED_HTTP, instead of node's bare 400. Nothing runs.
 */
import { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newNonce, signBinding } from '../../src/binding/index.js'
import { guard } from '../../src/guard/index.js'
import type { GuardEnv } from '../../src/guard/index.js'
import { NOW, options, sign } from '../guard/helpers.js'
import { STATUS_BY_CODE } from '../../src/errors/index.js'
import { parseResponses, rawExchange } from '../helpers/raw-http.js'
import type { Stack } from '../helpers/stack.js'
import { TOKEN, startStack } from '../helpers/stack.js'

let stack: Stack
beforeAll(async () => { stack = await startStack() })
afterAll(async () => { await stack.close() })

const BODY = '{"path":"/workspace/a.txt"}'
const port = (url: string): number => Number(new URL(url).port)
// node's own answer to a request line it cannot parse is a bare 400 without a body.
const problemOf = (body: string | undefined): { code?: string; decisionId?: string } => (body ? JSON.parse(body) as object : {})

/** A binding the guard accepts when sent as POST, written on the wire with `method`. */
function signedAs(method: string): string {
  const now = Math.floor(Date.now() / 1000)
  const s = signBinding({
    method: 'POST', path: '/v1/tools/fs.read', body: new TextEncoder().encode(BODY), key: stack.gateKey, now, ttlSeconds: 60, nonce: newNonce(),
    decision: { id: `d-${method}-${now}`, agent: 'coder', tool: 'fs.read', policyDigest: '00'.repeat(32), audience: 'sandbox-1' },
  })
  const head = Object.entries(s.headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')
  return `${method} /v1/tools/fs.read HTTP/1.1\r\nHost: guard\r\nContent-Type: application/json\r\n${head}Content-Length: ${BODY.length}\r\n\r\n${BODY}`
}

describe('a method that is not uppercase letters, on the wire', () => {
  it('the standalone guard answers a problem, ERR_INTAKE_MALFORMED_HTTP, closes the connection and runs nothing', async () => {
    for (const method of ['post', 'Post']) {
      const { out, closed } = await rawExchange(port(stack.guard.url), signedAs(method))
      const [res] = parseResponses(out)
      expect({ status: res?.status, type: res?.headers['content-type'], code: problemOf(res?.body).code, closed })
        .toEqual({ status: STATUS_BY_CODE.ERR_INTAKE_MALFORMED_HTTP, type: 'application/problem+json', code: 'ERR_INTAKE_MALFORMED_HTTP', closed: true })
      expect(res?.headers.connection).toBe('close')
    }
    expect(stack.ran).toEqual([])
    // The same binding sent as POST runs: the refusal above was the method's, not the binding's.
    const ok = parseResponses((await rawExchange(port(stack.guard.url), signedAs('POST'), (o) => o.includes('"ran"'))).out)
    expect(ok[0]?.status).toBe(200)
    expect(stack.ran.map((r) => r.body)).toEqual([BODY])
  })

  it('the guard counts the refusal by its code', async () => {
    const metrics = await (await fetch(`${stack.guard.url}/metrics`)).text()
    expect(metrics).toMatch(/refusals_total\{code="ERR_INTAKE_MALFORMED_HTTP"\} 2\b/)
  })

  it('the gate answers an agent\'s lowercase method the same way, with a decision id', async () => {
    const req = `post /v1/tools/fs.read HTTP/1.1\r\nHost: gate\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Type: application/json\r\nContent-Length: ${BODY.length}\r\n\r\n${BODY}`
    const [res] = parseResponses((await rawExchange(port(stack.gate.url), req)).out)
    const problem = problemOf(res?.body)
    expect({ status: res?.status, code: problem.code }).toEqual({ status: 400, code: 'ERR_INTAKE_MALFORMED_HTTP' })
    expect(res?.headers['verbatim-decision-id']).toBe(problem.decisionId)
    expect(stack.ran).toHaveLength(1)
  })
})

describe('the hono middleware, where the Fetch standard keeps a lowercase method it does not normalise', () => {
  it('refuses a binding signed over `patch` before the body, with ERR_INTAKE_MALFORMED_HTTP, not at step 9', async () => {
    const ran: unknown[] = []
    const app = new Hono<GuardEnv>()
    app.use('/v1/tools/*', guard({ ...options(), clock: () => (NOW + 5) * 1000, startedAt: NOW - 3600 }))
    app.all('/v1/tools/:tool', (c) => { ran.push(c.get('verbatim').value); return c.json({}) })
    const s = sign({ method: 'patch' })
    const res = await app.request(s.path, { method: 'patch', headers: s.headers, body: s.body })
    expect({ status: res.status, code: ((await res.json()) as { code: string }).code, ran }).toEqual({ status: 400, code: 'ERR_INTAKE_MALFORMED_HTTP', ran: [] })
  })
})
