/**
 * A 401 says which of missing, malformed or unknown the token was (issue 18 item 4), with the same
 * code and status as before, and never the token or an agent's name; unset token variables are all
 * named at once, each with the fix.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { toProblem } from '../../src/errors/index.js'
import { createAuthenticator, tokenFaults } from '../../src/intake/index.js'
import { call, harness } from '../gate/harness.js'
import type { Harness } from '../gate/harness.js'

let h: Harness
afterEach(async () => {
  await h?.audit.close()
})

describe('401: which of missing, malformed or unknown', () => {
  it.each([
    ['no Authorization header', undefined, 'no Authorization header: send Authorization: Bearer <token>'],
    ['an empty one', '', 'no Authorization header: send Authorization: Bearer <token>'],
    ['another scheme', 'Basic Y29kZXI6c2VjcmV0', 'the Authorization header is not Bearer and one token (1 to 512 visible ASCII characters)'],
    ['two tokens', 'Bearer secret-one secret-two', 'the Authorization header is not Bearer and one token (1 to 512 visible ASCII characters)'],
    ['a token no agent has', 'Bearer wrong-wrong-wrong-wrong-1234', 'the bearer token matches no agent'],
  ])('%s', async (_name, authorization, detail) => {
    h = await harness()
    const headers: Record<string, string> = authorization === undefined ? {} : { authorization }
    const res = await h.app.request('/v1/tools/fs.read', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{"path":"/workspace/a"}' })
    expect(res.status).toBe(401)
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="verbatim"')
    const text = await res.text()
    const problem = JSON.parse(text) as { code: string; status: number; detail?: string }
    expect([problem.code, problem.status, problem.detail]).toEqual(['ERR_INTAKE_UNAUTHENTICATED', 401, detail])
    // Nothing the client sent, and no agent, is echoed.
    for (const secret of ['secret', 'wrong-wrong', 'Y29kZXI6', 'coder']) expect(text).not.toContain(secret)
  })

  it('the right token still passes', async () => {
    h = await harness()
    expect((await call(h, 'fs.read', '{"path":"/workspace/a.txt"}')).status).toBe(200)
  })

  it('a reason outside the three shows nothing', () => {
    const auth = createAuthenticator([{ id: 'a', token: { env: 'T' } }], { T: 'a-token-of-enough-length' })
    let err: unknown
    try {
      auth('Bearer nope')
    } catch (e) {
      err = e
    }
    expect(toProblem(err).detail).toBe('the bearer token matches no agent')
    expect(toProblem(Object.assign(new Error('x'), {})).detail).toBeUndefined()
  })
})

describe('token variables at start', () => {
  const agents = [
    { id: 'coder', token: { env: 'CODER_TOKEN' } },
    { id: 'reviewer', token: { env: 'REVIEWER_TOKEN' } },
    { id: 'ci', token: { sha256: 'a'.repeat(64) } },
  ]

  it('names every unset or short variable at once, with the fix', () => {
    expect(tokenFaults(agents, { REVIEWER_TOKEN: 'short' }).map((f) => [f.index, f.variable, f.message])).toEqual([
      [0, 'CODER_TOKEN', "agent 'coder': CODER_TOKEN is not set; export CODER_TOKEN with the agent's bearer token (16 characters or more, e.g. openssl rand -hex 32) before the gate starts"],
      [1, 'REVIEWER_TOKEN', "agent 'reviewer': REVIEWER_TOKEN holds 5 characters; a token needs 16 or more (e.g. openssl rand -hex 32)"],
    ])
    expect(() => createAuthenticator(agents, {})).toThrow(expect.objectContaining({ code: 'ERR_CONFIG_INVALID' }))
    expect(tokenFaults(agents, { CODER_TOKEN: 'x'.repeat(16), REVIEWER_TOKEN: 'y'.repeat(32) })).toEqual([])
  })
})
