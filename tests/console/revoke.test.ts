/**
 * verbatim approvers revoke: a passkey an operator takes back counts for nothing at once, with no
 * restart or SIGHUP: its approval not yet used no longer counts, its console session ends, it signs
 * nothing in, it cannot enrol again, and the trust file the guards read leaves it out. A damaged
 * revocations file fails closed.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { TrustFileSchema } from '../../src/approval/index.js'
import { softRegistration } from '../../src/spec/soft-authenticator.js'
import { configFor, startApprovalStack } from '../helpers/approval-stack.js'
import type { ApprovalStack } from '../helpers/approval-stack.js'
import { runCli } from '../helpers/cli.js'

let stack: ApprovalStack | undefined
afterEach(async () => {
  await stack?.close()
  stack = undefined
})

const CMD = '{"argv":["make","deploy"]}'

async function waiting(): Promise<{ s: ApprovalStack; id: string; cfg: string }> {
  const s = (stack = await startApprovalStack())
  const r = await s.call('shell.exec', CMD)
  expect(r.status).toBe(202)
  return { s, id: String(((await r.json()) as { approvalId: string }).approvalId), cfg: await configFor(s) }
}

describe('verbatim approvers revoke', () => {
  it('takes back a passkey at once: its unused approval waits again, its session ends, it cannot sign in; another approver\'s approval runs the call once', async () => {
    const { s, id, cfg } = await waiting()
    const alice = s.console()
    expect((await alice.login(s.alice)).status).toBe(200)
    expect((await alice.decide(id, 'approve', s.alice)).json['status']).toBe('approved')
    const r = await runCli(['approvers', 'revoke', 'alice', s.alice.id, '--config', cfg])
    expect([r.code, r.out]).toEqual([0, `${s.alice.id}  revoked\n`])
    // Her approval no longer counts: the same bytes wait again, and nothing ran.
    const again = await s.call('shell.exec', CMD)
    expect(again.status).toBe(202)
    expect(((await again.json()) as { approvalId: string }).approvalId).toBe(id)
    expect(s.ran).toEqual([])
    // Her session ended, and the passkey signs nothing in.
    expect((await alice.send('POST', `/api/approvals/${id}/options`, { action: 'approve', comment: '' })).json['code']).toBe('ERR_CONSOLE_UNAUTHENTICATED')
    const login = await s.console().login(s.alice)
    expect([login.status, login.json['code']]).toEqual([401, 'ERR_CONSOLE_UNAUTHENTICATED'])
    // The call is pending again for the others: bob approves, and it runs once.
    const bob = s.console()
    await bob.login(s.bob)
    expect((await bob.decide(id, 'approve', s.bob)).json['status']).toBe('approved')
    expect((await s.call('shell.exec', CMD)).status).toBe(200)
    expect(s.ran.length).toBe(1)
    expect((await s.call('shell.exec', CMD)).status).toBe(202)
    expect(s.ran.length).toBe(1)
  })

  it('keeps a denial made with a passkey revoked since: a no stays a no', async () => {
    const { s, id, cfg } = await waiting()
    const c = s.console()
    await c.login(s.alice)
    expect((await c.decide(id, 'deny', s.alice, 'not today')).json['status']).toBe('denied')
    expect((await runCli(['approvers', 'revoke', 'alice', '--all', '--config', cfg])).code).toBe(0)
    const r = await s.call('shell.exec', CMD)
    expect([r.status, ((await r.json()) as { code: string }).code]).toEqual([403, 'ERR_APPROVAL_DENIED'])
    expect(s.ran).toEqual([])
  })

  it('lists it as revoked, leaves it out of the trust file, refuses its enrolment, and says so when it is revoked already', async () => {
    const { s, cfg } = await waiting()
    expect((await runCli(['approvers', 'revoke', 'alice', '--all', '--config', cfg])).out).toBe(`${s.alice.id}  revoked\n`)
    expect((await runCli(['approvers', 'revoke', 'alice', s.alice.id, '--config', cfg])).out).toBe(`${s.alice.id}  revoked already\n`)
    expect((await runCli(['approvers', 'list', '--config', cfg])).out).toContain(`alice  groups: oncall  passkeys: ${s.alice.id} (revoked)\n`)
    const out = join(s.dir, 'trust-out.json')
    expect((await runCli(['approvers', 'export', '--config', cfg, '--out', out])).code).toBe(0)
    const trust = TrustFileSchema.parse(JSON.parse(await readFile(out, 'utf8')))
    expect(trust.approvers['alice']).toEqual({ groups: ['oncall'], credentials: [] })
    expect(trust.approvers['bob']?.credentials.map((c) => c.id)).toEqual([s.bob.id])
    // The same device cannot come back through a new link.
    const token = (await runCli(['approvers', 'invite', 'alice', '--config', cfg])).out.trim().split('#')[1] ?? ''
    const c = s.console()
    const o = await c.send('POST', '/api/enrol/options', { token })
    const f = await c.send('POST', '/api/enrol', { token, response: softRegistration(s.alice.cred, { challenge: String(o.json['challenge']), origin: s.origin, rpId: 'localhost' }) })
    expect([f.status, f.json['code']]).toEqual([403, 'ERR_CONSOLE_ENROLMENT'])
    expect(String(f.json['detail'])).toContain('revoked')
  })

  it('refuses what it cannot do: no passkey named and no --all (2), a passkey of someone else (1), someone with none (1)', async () => {
    const { s, cfg } = await waiting()
    expect((await runCli(['approvers', 'revoke', 'alice', '--config', cfg])).code).toBe(2)
    expect((await runCli(['approvers', 'revoke', 'alice', s.alice.id, '--all', '--config', cfg])).code).toBe(2)
    const other = await runCli(['approvers', 'revoke', 'alice', s.bob.id, '--config', cfg])
    expect(other.code).toBe(1)
    expect(other.err).toContain(`${s.bob.id}: not a passkey of alice`)
    const none = await runCli(['approvers', 'revoke', 'dave', '--all', '--config', cfg])
    expect(none.code).toBe(1)
    expect(none.err).toContain('dave has no enrolled passkey')
    // Nothing was revoked by any of them: alice still signs in.
    expect((await s.console().login(s.alice)).status).toBe(200)
  })

  it('fails closed on a damaged revocations file: no passkey signs in and no approval counts until it is fixed', async () => {
    const { s, id } = await waiting()
    const c = s.console()
    await c.login(s.alice)
    expect((await c.decide(id, 'approve', s.alice)).json['status']).toBe('approved')
    await writeFile(join(s.approvalsDir, 'revoked.json'), '{"version":1,"revoked":[{')
    const r = await s.call('shell.exec', CMD)
    expect([r.status, ((await r.json()) as { code: string }).code]).toEqual([503, 'ERR_APPROVAL_UNAVAILABLE'])
    expect(s.ran).toEqual([])
    const login = await s.console().login(s.bob)
    expect([login.status, login.json['code']]).toEqual([503, 'ERR_APPROVAL_UNAVAILABLE'])
    // Fixed (an empty list): alice's approval counts again, and the call runs once.
    await writeFile(join(s.approvalsDir, 'revoked.json'), '{"version":1,"revoked":[]}')
    expect((await s.call('shell.exec', CMD)).status).toBe(200)
    expect(s.ran.length).toBe(1)
  })
})
