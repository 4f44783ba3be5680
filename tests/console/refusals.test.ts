/**
 * The console refuses, each with its code: requests from another origin (CSRF), without the session's
 * token, in a frame (clickjacking headers), without a session, under another Host; a replayed assertion;
 * an assertion made at another origin or over other bytes; an approver not in the rule's group, or
 * removed from it; a passkey that is not the signed-in approver's; a second decision by one approver.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { startApprovalStack } from '../helpers/approval-stack.js'
import type { ApprovalStack } from '../helpers/approval-stack.js'
import { responseJson } from '../helpers/approvers.js'
import { challengeOf, subjectOf } from '../../src/approval/index.js'
import { softAssertion } from '../../src/spec/soft-authenticator.js'

let stack: ApprovalStack | undefined
afterEach(async () => {
  await stack?.close()
  stack = undefined
})

const CMD = '{"argv":["make","deploy"]}'

async function waiting(): Promise<{ s: ApprovalStack; id: string }> {
  const s = (stack = await startApprovalStack())
  const r = await s.call('shell.exec', CMD)
  return { s, id: String(((await r.json()) as { approvalId: string }).approvalId) }
}

describe('the console: cross-site requests, clickjacking, sessions', () => {
  it('refuses a POST without the console\'s Origin, or marked cross-site, with 403 ERR_CONSOLE_ORIGIN', async () => {
    const { s } = await waiting()
    const c = s.console()
    for (const headers of [{ origin: 'http://evil.example' }, { origin: '' }, { 'sec-fetch-site': 'cross-site' }]) {
      const r = await c.send('POST', '/api/login/options', {}, headers)
      expect(r.status).toBe(403)
      expect(r.json['code']).toBe('ERR_CONSOLE_ORIGIN')
    }
  })

  it('refuses a request for another Host (DNS rebinding) with 403 ERR_CONSOLE_ORIGIN', async () => {
    const { s } = await waiting()
    const r = await s.console().send('GET', '/', undefined, { host: `rebound.example:${new URL(s.origin).port}` })
    expect(r.status).toBe(403)
    expect(r.json['code']).toBe('ERR_CONSOLE_ORIGIN')
  })

  it('forbids framing and inline script on every page: CSP frame-ancestors \'none\', X-Frame-Options DENY', async () => {
    const { s, id } = await waiting()
    const c = s.console()
    await c.login(s.alice)
    for (const path of ['/', `/approvals/${id}`, '/enrol', '/console.js']) {
      const r = await c.send('GET', path)
      expect(r.status).toBe(200)
      expect(r.headers['x-frame-options']).toBe('DENY')
      expect(String(r.headers['content-security-policy'])).toContain("frame-ancestors 'none'")
      expect(String(r.headers['content-security-policy'])).toContain("script-src 'self'")
      expect(r.headers['cache-control']).toBe('no-store')
    }
  })

  it('sets the session cookie HttpOnly and SameSite=Strict', async () => {
    const { s } = await waiting()
    const c = s.console()
    const r = await c.login(s.alice)
    expect(String(r.headers['set-cookie'])).toMatch(/^verbatim-console=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=1800$/)
  })

  it('refuses a decision without a session (401 ERR_CONSOLE_UNAUTHENTICATED) and without the CSRF token (403 ERR_CONSOLE_CSRF)', async () => {
    const { s, id } = await waiting()
    const anon = s.console()
    expect((await anon.send('POST', `/api/approvals/${id}/options`, { action: 'approve', comment: '' })).json['code']).toBe('ERR_CONSOLE_UNAUTHENTICATED')
    const c = s.console()
    await c.login(s.alice)
    const r = await c.send('POST', `/api/approvals/${id}/options`, { action: 'approve', comment: '' }, { 'x-csrf-token': '' })
    expect(r.status).toBe(403)
    expect(r.json['code']).toBe('ERR_CONSOLE_CSRF')
    const wrong = await c.send('POST', `/api/approvals/${id}/options`, { action: 'approve', comment: '' }, { 'x-csrf-token': 'A'.repeat(43) })
    expect(wrong.json['code']).toBe('ERR_CONSOLE_CSRF')
  })

  it('refuses a replayed login assertion: the challenge is spent by its first use', async () => {
    const { s } = await waiting()
    const c = s.console()
    const o = await c.send('POST', '/api/login/options', {})
    const a = softAssertion(s.alice.cred, { challenge: String(o.json['challenge']), origin: s.origin, rpId: 'localhost' })
    expect((await c.send('POST', '/api/login', { response: responseJson(a) })).status).toBe(200)
    const replay = await c.send('POST', '/api/login', { response: responseJson(a) })
    expect(replay.status).toBe(401)
    expect(replay.json['code']).toBe('ERR_CONSOLE_UNAUTHENTICATED')
  })
})

describe('the console: who may decide, and over what', () => {
  it('refuses an approver not in the rule\'s group: 403 ERR_CONSOLE_NOT_APPROVER', async () => {
    const { s, id } = await waiting()
    const c = s.console()
    await c.login(s.carol)
    const r = await c.decide(id, 'approve', s.carol)
    expect(r.status).toBe(403)
    expect(r.json['code']).toBe('ERR_CONSOLE_NOT_APPROVER')
  })

  it('refuses an approver removed from the group (SIGHUP): signed out, and no longer counted for a call not yet run', async () => {
    const { s, id } = await waiting()
    const c = s.console()
    await c.login(s.alice)
    expect((await c.decide(id, 'approve', s.alice)).json['status']).toBe('approved')
    s.gate.reloadApprovals({ ...s.gate.deps.approvals!.config, groups: { oncall: ['bob'], security: ['carol'] } })
    // Her approval no longer counts: the call waits again.
    expect((await s.call('shell.exec', CMD)).status).toBe(202)
    expect(s.ran).toEqual([])
    const r = await c.send('POST', `/api/approvals/${id}/options`, { action: 'approve', comment: '' })
    expect(r.json['code']).toBe('ERR_CONSOLE_UNAUTHENTICATED')
  })

  it('refuses an assertion over other bytes (the challenge of another call or action): 403 ERR_CONSOLE_ASSERTION', async () => {
    const { s, id } = await waiting()
    const c = s.console()
    await c.login(s.alice)
    const e = s.gate.deps.approvals!.book.get(id)!
    const other = challengeOf(subjectOf({ ...e.target, digest: 'ee'.repeat(32) }, 'approve', ''))
    const r = await c.decide(id, 'approve', s.alice, '', () => softAssertion(s.alice.cred, { challenge: other, origin: s.origin, rpId: 'localhost' }))
    expect(r.status).toBe(403)
    expect(r.json['code']).toBe('ERR_CONSOLE_ASSERTION')
    expect(String(r.json['detail'])).toMatch(/^challenge: /)
  })

  it('refuses an assertion made at another origin: 403 ERR_CONSOLE_ASSERTION (origin)', async () => {
    const { s, id } = await waiting()
    const c = s.console()
    await c.login(s.alice)
    const e = s.gate.deps.approvals!.book.get(id)!
    const r = await c.decide(id, 'approve', s.alice, '', () => softAssertion(s.alice.cred, { challenge: challengeOf(subjectOf(e.target, 'approve', '')), origin: 'https://phish.example', rpId: 'localhost' }))
    expect(r.json['code']).toBe('ERR_CONSOLE_ASSERTION')
    expect(String(r.json['detail'])).toMatch(/^origin: /)
  })

  it('refuses a replayed decision assertion (the approver decided already) and a second decision: 409 ERR_CONSOLE_REPLAY', async () => {
    const { s, id } = await waiting()
    const c = s.console()
    await c.login(s.alice)
    const o = await c.send('POST', `/api/approvals/${id}/options`, { action: 'deny', comment: 'no' })
    const a = softAssertion(s.alice.cred, { challenge: String(o.json['challenge']), origin: s.origin, rpId: 'localhost' })
    const body = { action: 'deny', comment: 'no', response: responseJson(a) }
    expect((await c.send('POST', `/api/approvals/${id}/decide`, body)).json['status']).toBe('denied')
    const replay = await c.send('POST', `/api/approvals/${id}/decide`, body)
    expect(replay.status).toBe(409)
    expect(['ERR_CONSOLE_REPLAY', 'ERR_CONSOLE_DECIDED']).toContain(replay.json['code'])
  })

  it('refuses a passkey that is not the signed-in approver\'s, and a signCount that did not grow', async () => {
    const { s, id } = await waiting()
    const c = s.console()
    await c.login(s.alice)
    const e = s.gate.deps.approvals!.book.get(id)!
    const challenge = challengeOf(subjectOf(e.target, 'approve', ''))
    const bobs = await c.decide(id, 'approve', s.alice, '', () => softAssertion(s.bob.cred, { challenge, origin: s.origin, rpId: 'localhost' }))
    expect(bobs.json['code']).toBe('ERR_CONSOLE_NOT_APPROVER')
    // alice's counter is at 1 after login: an assertion with count 1 again is a clone or a replay.
    const stale = await c.decide(id, 'approve', s.alice, '', () => softAssertion(s.alice.cred, { challenge, origin: s.origin, rpId: 'localhost', signCount: 1 }))
    expect(stale.json['code']).toBe('ERR_CONSOLE_ASSERTION')
    expect(String(stale.json['detail'])).toMatch(/^sign-count: /)
  })

  it('refuses a decision on a call no longer waiting: 409 ERR_CONSOLE_DECIDED', async () => {
    const { s, id } = await waiting()
    const a = s.console()
    await a.login(s.alice)
    await a.decide(id, 'approve', s.alice)
    const b = s.console()
    await b.login(s.bob)
    const r = await b.decide(id, 'deny', s.bob)
    expect(r.status).toBe(409)
    expect(r.json['code']).toBe('ERR_CONSOLE_DECIDED')
  })
})
