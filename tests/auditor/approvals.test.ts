/**
 * The auditor's side of approvals, on real logs: `audit explain` re-verifies who approved which bytes
 * from the log alone; `audit reconcile` flags an executed ask call without a valid approval over the
 * same digest, and an approval used twice (the calls a compromised gate would make, sent to a guard
 * that does not require approvals); `audit report` lists approvals per approver.
 */
import { createHash } from 'node:crypto'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { newNonce, signBinding } from '../../src/binding/index.js'
import type { BoundApproval } from '../../src/binding/index.js'
import { startApprovalStack } from '../helpers/approval-stack.js'
import type { ApprovalStack } from '../helpers/approval-stack.js'
import { runCli } from '../helpers/cli.js'

let stack: ApprovalStack | undefined
afterEach(async () => {
  await stack?.close()
  stack = undefined
})

const CMD = '{"argv":["make","deploy"]}'

/** Runs one call through the console as a person would: 202, alice approves, the same bytes run. */
async function approvedRun(s: ApprovalStack, body = CMD): Promise<{ approvalId: string; decisionId: string }> {
  const p = (await (await s.call('shell.exec', body)).json()) as { approvalId: string }
  const c = s.console()
  await c.login(s.alice)
  await c.decide(p.approvalId, 'approve', s.alice, 'ok to deploy')
  const r = await s.call('shell.exec', body)
  expect(r.status).toBe(200)
  return { approvalId: p.approvalId, decisionId: String(r.headers.get('verbatim-decision-id')) }
}

/** What a gate that is not to be trusted can do with its key: sign and record a call of its own making, and send it to the guard. */
async function rogueCall(s: ApprovalStack, body: string, extra: { approval?: BoundApproval; ruleIds?: string[] }): Promise<string> {
  const id = `rogue-${newNonce()}`
  const path = '/v1/tools/shell.exec'
  const policyDigest = s.gate.deps.policy().digest
  const b = signBinding({
    method: 'POST', path, body: new TextEncoder().encode(body), key: s.gateKey, now: Math.floor(Date.now() / 1000), ttlSeconds: 60, nonce: newNonce(),
    decision: { id, agent: 'coder', tool: 'shell.exec', policyDigest, audience: 'sandbox-1', ...(extra.approval === undefined ? {} : { approval: extra.approval }) },
  })
  await s.gate.audit.append('decision', {
    decisionId: id, method: 'POST', target: path, tool: 'shell.exec', agent: 'coder', audience: 'sandbox-1', digest: createHash('sha256').update(body).digest('hex'),
    policyDigest, ruleIds: extra.ruleIds ?? ['shell-needs-approval'], verdict: 'allow', keyid: s.gateKey.kid, nonce: b.nonce, created: b.created, expires: b.expires,
    ...(extra.approval === undefined ? {} : { approvalId: extra.approval.id, approvers: extra.approval.approvers.map((a) => ({ ...a })) }),
  })
  const r = await fetch(`${s.guard.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...b.headers }, body })
  expect(r.status).toBe(200)
  return id
}

const logs = (s: ApprovalStack): string[] => ['--approved', join(s.dir, 'approved'), '--executed', join(s.dir, 'executed')]

describe('audit explain: who approved which bytes, from the log alone', () => {
  it('re-verifies the approver\'s passkey signature over the bytes that ran (exit 0)', async () => {
    const s = (stack = await startApprovalStack())
    const { decisionId, approvalId } = await approvedRun(s)
    const r = await runCli(['audit', 'explain', decisionId, '--approved', join(s.dir, 'approved')])
    expect(r.code).toBe(0)
    const digest = createHash('sha256').update(CMD).digest('hex')
    expect(r.out).toContain(`recorded:    allow by shell-needs-approval: allowed by rule shell-needs-approval with approval ${approvalId} by alice`)
    expect(r.out).toContain(`approval:    ${approvalId}, asked by decision `)
    expect(r.out).toMatch(new RegExp(`alice approved at \\S+ with passkey ${s.alice.id}: its passkey's signature verifies over shell.exec by coder on sandbox-1, digest ${digest}`))
    expect(r.out).toContain(`APPROVED: alice approved exactly these bytes (digest ${digest}), verified from the log alone`)
    const json = JSON.parse((await runCli(['audit', 'explain', decisionId, '--approved', join(s.dir, 'approved'), '--json'])).out) as { status: string; approval: { status: string } }
    expect([json.status, json.approval.status]).toEqual(['reproduced', 'verified'])
    expect(r.out).toContain('REPRODUCED: the recorded verdict follows from the recorded arguments under the recorded policy, rule by rule')
  })

  it('fails (exit 1) for a call that ran under an approval whose records do not cover it', async () => {
    const s = (stack = await startApprovalStack({ guardRequires: false }))
    const { approvalId } = await approvedRun(s)
    const allow = (await s.approved()).find((r) => r.type === 'decision' && r['verdict'] === 'allow')
    const rogue = await rogueCall(s, '{"argv":["rm","-rf","/"]}', { approval: { id: approvalId, approvers: allow?.['approvers'] as unknown as BoundApproval['approvers'] } })
    const r = await runCli(['audit', 'explain', rogue, '--approved', join(s.dir, 'approved')])
    expect(r.code).toBe(1)
    expect(r.out).toMatch(/FAILED: approval \S+: alice approved digest [0-9a-f]{64}, and the call ran with [0-9a-f]{64}/)
  })
})

describe('audit reconcile: ask calls that ran without a valid approval, and approvals used twice', () => {
  it('is clean for calls approved through the console (exit 0)', async () => {
    const s = (stack = await startApprovalStack())
    await approvedRun(s)
    const r = await runCli(['audit', 'reconcile', ...logs(s)])
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/^approval-missing\s+0$/m)
    expect(r.out).toMatch(/^approval-invalid\s+0$/m)
    expect(r.out).toMatch(/^approval-reused\s+0$/m)
  })

  it('flags an ask call run with no approval, one run under an approval of other bytes, and an approval run twice (exit 1)', async () => {
    const s = (stack = await startApprovalStack({ guardRequires: false }))
    const { approvalId, decisionId } = await approvedRun(s)
    const allow = (await s.approved()).find((r) => r.type === 'decision' && r['decisionId'] === decisionId)
    const approvers = allow?.['approvers'] as unknown as BoundApproval['approvers']
    const missing = await rogueCall(s, '{"argv":["curl","evil.example"]}', {})
    const other = await rogueCall(s, '{"argv":["rm","-rf","/"]}', { approval: { id: approvalId, approvers } })
    const twice = await rogueCall(s, CMD, { approval: { id: approvalId, approvers } })
    const r = await runCli(['audit', 'reconcile', ...logs(s), '--json'])
    expect(r.code).toBe(1)
    const j = JSON.parse(r.out) as { counts: Record<string, number>; offending: Array<{ class: string; decisionId: string; message: string }> }
    expect(j.counts).toMatchObject({ 'approval-missing': 1, 'approval-invalid': 1, 'approval-reused': 2 })
    const found = j.offending.filter((i) => i.class.startsWith('approval-')).map((i) => [i.class, i.decisionId])
    expect(found).toEqual(expect.arrayContaining([['approval-missing', missing], ['approval-invalid', other], ['approval-reused', other], ['approval-reused', twice]]))
    expect(j.offending.find((i) => i.decisionId === missing)?.message).toBe('decided by ask rule shell-needs-approval, and ran with no approval')
  })
})

describe('audit report: approvals per approver', () => {
  it('lists each approver\'s approvals and denials, re-verified, and how many ran', async () => {
    const s = (stack = await startApprovalStack())
    await approvedRun(s)
    const p = (await (await s.call('shell.exec', '{"argv":["make","clean"]}')).json()) as { approvalId: string }
    const c = s.console()
    await c.login(s.bob)
    await c.decide(p.approvalId, 'deny', s.bob, 'not now')
    const out = join(s.dir, 'report.html')
    const r = await runCli(['audit', 'report', ...logs(s), '--out', out, '--json'])
    expect(r.code).toBe(0)
    const model = JSON.parse(r.out) as { approvers: unknown[] }
    expect(model.approvers).toEqual([
      { approver: 'alice', approved: 1, denied: 0, ran: 1, invalid: 0, tools: ['shell.exec'] },
      { approver: 'bob', approved: 0, denied: 1, ran: 0, invalid: 0, tools: ['shell.exec'] },
    ])
    const html = (await import('node:fs')).readFileSync(out, 'utf8')
    expect(html).toContain('<tr data-approver="alice"><td>alice</td><td class="n">1</td><td class="n">0</td><td class="n">1</td><td class="n">0</td><td>shell.exec</td></tr>')
  })
})
