/**
 * Issue 22: an ask call runs only once a person approved exactly its bytes, once. The whole chain on
 * real sockets: the gate holds the call or answers 202, an approver signs in to the console with a
 * passkey and approves, the call runs through the guard, which verifies the approval itself.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { startApprovalStack } from '../helpers/approval-stack.js'
import type { ApprovalStack } from '../helpers/approval-stack.js'
import { signedCall } from '../helpers/sign.js'

let stack: ApprovalStack | undefined
afterEach(async () => {
  await stack?.close()
  stack = undefined
})

const CMD = '{"argv":["make","deploy"],"cwd":"/workspace"}'

async function pending(s: ApprovalStack, body = CMD, headers: Record<string, string> = {}): Promise<{ id: string; decisionId: string; status: number; json: Record<string, unknown>; res: Response }> {
  const res = await s.call('shell.exec', body, headers)
  const json = (await res.json()) as Record<string, unknown>
  return { id: String(json['approvalId']), decisionId: String(res.headers.get('verbatim-decision-id')), status: res.status, json, res }
}

describe('an ask call, answered 202 and run once approved (holdSeconds: 0)', () => {
  it('202 names the approval, its status URL and Retry-After; nothing runs; the same bytes run once approved, and only once', async () => {
    const s = (stack = await startApprovalStack())
    const p = await pending(s)
    expect(p.status).toBe(202)
    expect(p.res.headers.get('location')).toBe(`/v1/approvals/${p.id}`)
    expect(Number(p.res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
    expect(p.json).toMatchObject({ status: 'pending', statusUrl: `/v1/approvals/${p.id}`, decisionId: p.decisionId, tool: 'shell.exec' })
    expect(s.ran).toEqual([])

    const status = await fetch(`${s.gate.url}/v1/approvals/${p.id}`, { headers: { authorization: 'Bearer stack-token-0123456789abcdef' } })
    expect(status.status).toBe(200)
    expect(((await status.json()) as { status: string }).status).toBe('pending')

    const c = s.console()
    expect((await c.login(s.alice)).status).toBe(200)
    const d = await c.decide(p.id, 'approve', s.alice, 'deploy is expected today')
    expect(d.status).toBe(200)
    expect(d.json['status']).toBe('approved')

    const run = await s.call('shell.exec', CMD)
    expect(run.status).toBe(200)
    expect(run.headers.get('verbatim-approval-id')).toBe(p.id)
    expect(s.ran.map((r) => r.body)).toEqual([CMD])
    // Once: the same bytes again ask anew.
    const again = await pending(s)
    expect(again.status).toBe(202)
    expect(again.id).not.toBe(p.id)
    expect(s.ran).toHaveLength(1)

    const approved = await s.approved()
    const ask = approved.find((r) => r.type === 'decision' && r['decisionId'] === p.decisionId)
    expect(ask).toMatchObject({ verdict: 'ask', approvalId: p.id, opened: true })
    expect(approved.find((r) => r.type === 'approval' && r['approvalId'] === p.id)).toMatchObject({ approver: 'alice', action: 'approve', comment: 'deploy is expected today' })
    const allow = approved.find((r) => r.type === 'decision' && r['verdict'] === 'allow' && r['approvalId'] === p.id)
    expect(allow?.['approvers']).toEqual([expect.objectContaining({ approver: 'alice', credentialId: s.alice.id })])
    const executed = (await s.executed()).filter((r) => r.type === 'execution')
    expect(executed).toHaveLength(1)
    expect(executed[0]).toMatchObject({ decisionId: allow?.['decisionId'], approvalId: p.id, approvers: ['alice'] })
  })

  it('an explicit Verbatim-Approval-Id runs only the bytes it covers: other bytes 403 ERR_APPROVAL_MISMATCH, an unknown id 404', async () => {
    const s = (stack = await startApprovalStack())
    const p = await pending(s)
    const c = s.console()
    await c.login(s.alice)
    await c.decide(p.id, 'approve', s.alice)
    const other = await s.call('shell.exec', '{"argv":["make","deploy","--force"],"cwd":"/workspace"}', { 'verbatim-approval-id': p.id })
    expect(other.status).toBe(403)
    expect(((await other.json()) as { code: string }).code).toBe('ERR_APPROVAL_MISMATCH')
    const unknown = await s.call('shell.exec', CMD, { 'verbatim-approval-id': 'no-such-approval' })
    expect(unknown.status).toBe(404)
    expect(((await unknown.json()) as { code: string }).code).toBe('ERR_APPROVAL_UNKNOWN')
    const run = await s.call('shell.exec', CMD, { 'verbatim-approval-id': p.id })
    expect(run.status).toBe(200)
    const used = await s.call('shell.exec', CMD, { 'verbatim-approval-id': p.id })
    expect(used.status).toBe(403)
    expect(((await used.json()) as { code: string }).code).toBe('ERR_APPROVAL_USED')
    expect(s.ran.map((r) => r.body)).toEqual([CMD])
  })

  it('a denied call is 403 ERR_APPROVAL_DENIED, and the same bytes stay denied; nothing runs', async () => {
    const s = (stack = await startApprovalStack())
    const p = await pending(s)
    const c = s.console()
    await c.login(s.bob)
    expect((await c.decide(p.id, 'deny', s.bob, 'not today')).json['status']).toBe('denied')
    const r = await s.call('shell.exec', CMD)
    expect(r.status).toBe(403)
    expect(((await r.json()) as { code: string }).code).toBe('ERR_APPROVAL_DENIED')
    expect(s.ran).toEqual([])
  })

  it('a two-person rule runs only after two distinct approvers', async () => {
    const s = (stack = await startApprovalStack({ approvers: 2 }))
    const p = await pending(s)
    const a = s.console()
    await a.login(s.alice)
    expect((await a.decide(p.id, 'approve', s.alice)).json['status']).toBe('pending')
    expect((await pending(s)).status).toBe(202)
    const b = s.console()
    await b.login(s.bob)
    expect((await b.decide(p.id, 'approve', s.bob)).json['status']).toBe('approved')
    const run = await s.call('shell.exec', CMD)
    expect(run.status).toBe(200)
    const executed = (await s.executed()).find((r) => r.type === 'execution')
    expect(executed?.['approvers']).toEqual(['alice', 'bob'])
  })

  it('caps the calls one agent has waiting: 429 ERR_APPROVAL_QUOTA', async () => {
    const s = (stack = await startApprovalStack({ maxPendingPerAgent: 2 }))
    expect((await pending(s, '{"argv":["a"]}')).status).toBe(202)
    expect((await pending(s, '{"argv":["b"]}')).status).toBe(202)
    const third = await s.call('shell.exec', '{"argv":["c"]}')
    expect(third.status).toBe(429)
    expect(((await third.json()) as { code: string }).code).toBe('ERR_APPROVAL_QUOTA')
    // The same bytes join their waiting approval: no new one.
    expect((await pending(s, '{"argv":["a"]}')).status).toBe(202)
  })
})

describe('an ask call held until a person decides (holdSeconds: 30)', () => {
  it('holds the call; approving it in the console runs exactly those bytes, answered on the same request', async () => {
    const s = (stack = await startApprovalStack({ holdSeconds: 30 }))
    const held = s.call('shell.exec', CMD)
    const c = s.console()
    await c.login(s.alice)
    let id: string | undefined
    for (let i = 0; i < 200 && id === undefined; i++) {
      id = s.gate.deps.approvals?.book.waiting(Date.now())[0]?.target.approvalId
      if (id === undefined) await new Promise((r) => setTimeout(r, 10))
    }
    expect((await c.decide(String(id), 'approve', s.alice)).status).toBe(200)
    const res = await held
    expect(res.status).toBe(200)
    expect(s.ran.map((r) => r.body)).toEqual([CMD])
    const decisions = (await s.approved()).filter((r) => r.type === 'decision' && r['tool'] === 'shell.exec')
    expect(decisions.map((r) => r['verdict'])).toEqual(['ask', 'allow'])
    expect(decisions[1]?.['askedBy']).toBe(decisions[0]?.['decisionId'])
    expect(res.headers.get('verbatim-decision-id')).toBe(decisions[1]?.['decisionId'])
  })

  it('an agent that hangs up while held does not spend the approval: nothing runs then, its next call with the same bytes runs once', async () => {
    const s = (stack = await startApprovalStack({ holdSeconds: 30 }))
    const hangUp = new AbortController()
    const held = s.call('shell.exec', CMD, {}, hangUp.signal).catch((e: unknown) => e)
    let id: string | undefined
    for (let i = 0; i < 200 && id === undefined; i++) {
      id = s.gate.deps.approvals?.book.waiting(Date.now())[0]?.target.approvalId
      if (id === undefined) await new Promise((r) => setTimeout(r, 10))
    }
    hangUp.abort()
    expect(await held).toBeInstanceOf(Error)
    const open = (): Promise<number> => new Promise((r, j) => s.gate.server.getConnections((e, n) => (e === null ? r(n) : j(e))))
    await expect.poll(open).toBe(0)
    const c = s.console()
    await c.login(s.alice)
    expect((await c.decide(String(id), 'approve', s.alice)).status).toBe(200)
    await new Promise((r) => setTimeout(r, 50))
    expect(s.ran).toEqual([])
    expect(s.gate.deps.approvals?.book.get(String(id))?.state).toBe('approved')
    const again = await s.call('shell.exec', CMD)
    expect(again.status).toBe(200)
    expect(s.ran.map((r) => r.body)).toEqual([CMD])
  })
})

describe('the guard requires approvals for shell.exec', () => {
  it('refuses the same call signed by a gate without an approval: 403 ERR_GUARD_APPROVAL_MISSING, nothing runs', async () => {
    const s = (stack = await startApprovalStack())
    const call = signedCall(s.gateKey, 'shell.exec', CMD)
    const r = await fetch(`${s.guard.url}${call.path}`, { method: 'POST', headers: call.headers, body: call.body })
    expect(r.status).toBe(403)
    expect(((await r.json()) as { code: string }).code).toBe('ERR_GUARD_APPROVAL_MISSING')
    expect(s.ran).toEqual([])
  })
})
