/** Enrolment by a one-time link an operator makes from the CLI (verbatim approvers invite), and the trust file guards read. */
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { TrustFileSchema } from '../../src/approval/index.js'
import { softAssertion, softRegistration } from '../../src/spec/soft-authenticator.js'
import { startApprovalStack } from '../helpers/approval-stack.js'
import type { ApprovalStack } from '../helpers/approval-stack.js'
import { approver, responseJson } from '../helpers/approvers.js'
import { runCli } from '../helpers/cli.js'

let stack: ApprovalStack | undefined
afterEach(async () => {
  await stack?.close()
  stack = undefined
})

/** A verbatim.yaml with the stack's approvals section, for the CLI. */
async function configFor(s: ApprovalStack, groups: Record<string, string[]> = { oncall: ['alice', 'bob', 'dave'], security: ['carol'] }): Promise<string> {
  const file = join(s.dir, 'verbatim.yaml')
  await writeFile(file, [
    'policies: [policy.yaml]', 'agents: [{ id: coder, token: { env: T } }]', 'upstreams: [{ name: u, url: "http://127.0.0.1:9", audience: a }]',
    'routes: [{ tools: ["*"], upstream: u }]', 'signing: { keyFile: k.pem }',
    `approvals: { console: { origin: "${s.origin}" }, dir: ${JSON.stringify(s.approvalsDir)}, groups: ${JSON.stringify(groups)} }`, '',
  ].join('\n'))
  return file
}

async function enrolWith(s: ApprovalStack, link: string, who: ReturnType<typeof approver>): Promise<{ options: number; finish: number; code?: unknown; body: Record<string, unknown> }> {
  const token = link.split('#')[1] ?? ''
  const c = s.console()
  const o = await c.send('POST', '/api/enrol/options', { token })
  if (o.status !== 200) return { options: o.status, finish: 0, code: o.json['code'], body: o.json }
  const response = softRegistration(who.cred, { challenge: String(o.json['challenge']), origin: s.origin, rpId: 'localhost' })
  const f = await c.send('POST', '/api/enrol', { token, response })
  return { options: o.status, finish: f.status, code: f.json['code'], body: f.json }
}

describe('verbatim approvers invite, and enrolment in the console', () => {
  it('enrols one passkey with a one-time link: it signs in after, the link is spent, and the log records the enrolment', async () => {
    const s = (stack = await startApprovalStack())
    s.gate.reloadApprovals({ ...s.gate.deps.approvals!.config, groups: { oncall: ['alice', 'bob', 'dave'], security: ['carol'] } })
    const cfg = await configFor(s)
    const inv = await runCli(['approvers', 'invite', 'dave', '--config', cfg])
    expect(inv.code).toBe(0)
    const link = inv.out.trim()
    expect(link).toMatch(new RegExp(`^${s.origin}/enrol#[A-Za-z0-9_-]{43}$`))
    const dave = approver('dave', -8)
    const r = await enrolWith(s, link, dave)
    expect([r.options, r.finish]).toEqual([200, 200])
    expect(r.body).toMatchObject({ approver: 'dave', credentialId: dave.id })
    const c = s.console()
    expect((await c.login(dave)).status).toBe(200)
    // Spent: the same link enrols nothing more.
    const again = await enrolWith(s, link, approver('dave', -7))
    expect(again.code).toBe('ERR_CONSOLE_ENROLMENT')
    const enrolment = (await s.approved()).find((x) => x.type === 'enrolment')
    expect(enrolment).toMatchObject({ approver: 'dave', credentialId: dave.id, publicKey: dave.publicKey, rpId: 'localhost', origin: s.origin })
    const list = await runCli(['approvers', 'list', '--config', cfg])
    expect(list.out).toContain(`dave  groups: oncall  passkeys: ${dave.id}`)
  })

  it('refuses an unknown, an expired and a damaged link, and an invite for someone in no group', async () => {
    const s = (stack = await startApprovalStack())
    const cfg = await configFor(s)
    expect((await enrolWith(s, `${s.origin}/enrol#${'A'.repeat(43)}`, approver('x'))).code).toBe('ERR_CONSOLE_ENROLMENT')
    const expired = await runCli(['approvers', 'invite', 'alice', '--config', cfg, '--valid', '0s'])
    expect((await enrolWith(s, expired.out.trim(), approver('alice'))).code).toBe('ERR_CONSOLE_ENROLMENT')
    const nobody = await runCli(['approvers', 'invite', 'mallory', '--config', cfg])
    expect(nobody.code).toBe(1)
    expect(nobody.err).toContain('mallory is in no group of approvals.groups')
  })

  it('refuses a registration made at another origin, and keeps the link for a second try', async () => {
    const s = (stack = await startApprovalStack())
    const cfg = await configFor(s)
    const link = (await runCli(['approvers', 'invite', 'alice', '--config', cfg])).out.trim()
    const token = link.split('#')[1] ?? ''
    const c = s.console()
    const o = await c.send('POST', '/api/enrol/options', { token })
    const who = approver('alice')
    const bad = await c.send('POST', '/api/enrol', { token, response: softRegistration(who.cred, { challenge: String(o.json['challenge']), origin: 'https://phish.example', rpId: 'localhost' }) })
    expect(bad.json['code']).toBe('ERR_CONSOLE_ENROLMENT')
    expect((await enrolWith(s, link, who)).finish).toBe(200)
  })

  it('exports the trust file a guard reads: RP ID, origin, groups and each passkey\'s public key', async () => {
    const s = (stack = await startApprovalStack())
    const cfg = await configFor(s)
    const out = join(s.dir, 'trust-out.json')
    expect((await runCli(['approvers', 'export', '--config', cfg, '--out', out])).code).toBe(0)
    const trust = TrustFileSchema.parse(JSON.parse(await readFile(out, 'utf8')))
    expect(trust).toMatchObject({ rpId: 'localhost', origins: [s.origin], userVerification: 'required' })
    expect(trust.approvers['alice']).toEqual({ groups: ['oncall'], credentials: [{ id: s.alice.id, publicKey: s.alice.publicKey }] })
    expect(trust.approvers['dave']).toEqual({ groups: ['oncall'], credentials: [] })
    // A login assertion signed with an exported key verifies as the console's own would.
    const c = s.console()
    const o = await c.send('POST', '/api/login/options', {})
    expect((await c.send('POST', '/api/login', { response: responseJson(softAssertion(s.alice.cred, { challenge: String(o.json['challenge']), origin: s.origin, rpId: 'localhost' })) })).status).toBe(200)
  })
})
