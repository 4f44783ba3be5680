/**
 * Approvals under failure: a signed webhook tells approvers a call waits (the receiver verifies it
 * with the gate's published key); a gate restart with approvals pending or given leaves nothing
 * approved (they expire cleanly, ERR_APPROVAL_UNKNOWN for the old id); an approval expires; a
 * decision that cannot be made durable does not count; a config without approvers refuses at once.
 */
import { createPublicKey } from 'node:crypto'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { verifyNotice } from '../../src/approval/index.js'
import type { NoticeBody } from '../../src/approval/index.js'
import { startGate } from '../../src/gate/index.js'
import { startApprovalStack } from '../helpers/approval-stack.js'
import type { ApprovalStack } from '../helpers/approval-stack.js'
import { TOKEN } from '../helpers/stack.js'

let stack: ApprovalStack | undefined
afterEach(async () => {
  await stack?.close()
  stack = undefined
})

const CMD = '{"argv":["make","deploy"]}'
const code = async (r: Response): Promise<string> => ((await r.json()) as { code: string }).code

describe('the webhook', () => {
  it('POSTs a notice of each waiting call, RFC 9421-signed with the gate\'s key: the receiver verifies it with /.well-known/jwks.json', async () => {
    const got: Array<{ url: string; headers: Record<string, string | string[] | undefined>; body: Buffer }> = []
    const hook = createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (d: Buffer) => chunks.push(d))
      req.on('end', () => {
        got.push({ url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) })
        res.writeHead(204).end()
      })
    })
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r))
    const url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hooks/verbatim`
    try {
      const s = (stack = await startApprovalStack({ webhooks: [{ url }] }))
      const p = (await (await s.call('shell.exec', CMD)).json()) as { approvalId: string; decisionId: string }
      await expect.poll(() => got.length).toBe(1)
      const jwks = (await (await fetch(`${s.gate.url}/.well-known/jwks.json`)).json()) as { keys: Array<{ kid: string }> }
      const n = got[0]!
      const header = (name: string): string | undefined => { const v = n.headers[name]; return Array.isArray(v) ? v[0] : v }
      const key = (kid: string) => { const jwk = jwks.keys.find((k) => k.kid === kid); return jwk === undefined ? undefined : createPublicKey({ key: jwk as never, format: 'jwk' }) }
      const body: NoticeBody = verifyNotice({ url, headers: header, body: n.body, key, now: Math.floor(Date.now() / 1000) })
      expect(body).toMatchObject({ type: 'verbatim.approval.pending', approvalId: p.approvalId, decisionId: p.decisionId, agent: 'coder', tool: 'shell.exec', rules: ['shell-needs-approval'], groups: ['oncall'], url: `${s.origin}/approvals/${p.approvalId}` })
      // One byte changed, or another URL: it does not verify.
      expect(() => verifyNotice({ url, headers: header, body: Buffer.concat([n.body.subarray(0, -1), Buffer.from('x')]), key, now: Math.floor(Date.now() / 1000) })).toThrow(/Content-Digest/)
      expect(() => verifyNotice({ url: `${url}x`, headers: header, body: n.body, key, now: Math.floor(Date.now() / 1000) })).toThrow(/does not verify/)
      expect(() => verifyNotice({ url, headers: header, body: n.body, key, now: Math.floor(Date.now() / 1000) + 3600 })).toThrow(/too old/)
    } finally {
      hook.close()
    }
  })
})

describe('a gate restart, approvals pending or given', () => {
  it('never carries an approval over: the old id is unknown (404), the same bytes ask anew, nothing runs', async () => {
    const s = (stack = await startApprovalStack())
    const pending = (await (await s.call('shell.exec', CMD)).json()) as { approvalId: string }
    const approvedBody = '{"argv":["make","release"]}'
    const given = (await (await s.call('shell.exec', approvedBody)).json()) as { approvalId: string }
    const c = s.console()
    await c.login(s.alice)
    expect((await c.decide(given.approvalId, 'approve', s.alice)).json['status']).toBe('approved')
    // Restart: the same config, the same audit log and passkeys.
    await s.gate.close()
    const again = await startGate(s.config, { env: { STACK_TOKEN: TOKEN }, log: () => undefined })
    try {
      const call = (body: string, headers: Record<string, string> = {}): Promise<Response> => fetch(`${again.url}/v1/tools/shell.exec`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', ...headers }, body })
      const status = await fetch(`${again.url}/v1/approvals/${pending.approvalId}`, { headers: { authorization: `Bearer ${TOKEN}` } })
      expect(status.status).toBe(404)
      expect(await code(status)).toBe('ERR_APPROVAL_UNKNOWN')
      const named = await call(approvedBody, { 'verbatim-approval-id': given.approvalId })
      expect(named.status).toBe(404)
      expect(await code(named)).toBe('ERR_APPROVAL_UNKNOWN')
      const fresh = await call(approvedBody)
      expect(fresh.status).toBe(202)
      expect(((await fresh.json()) as { approvalId: string }).approvalId).not.toBe(given.approvalId)
      expect(s.ran).toEqual([])
    } finally {
      await again.close()
    }
  })
})

describe('expiry, and a decision that cannot be made durable', () => {
  it('an approval not used within validSeconds expires: named, 403 ERR_APPROVAL_EXPIRED; the same bytes ask anew', async () => {
    const s = (stack = await startApprovalStack({ validSeconds: 60 }))
    const p = (await (await s.call('shell.exec', CMD)).json()) as { approvalId: string }
    const c = s.console()
    await c.login(s.alice)
    await c.decide(p.approvalId, 'approve', s.alice)
    const later = Date.now() + 61_000
    s.gate.deps.now = () => later
    const named = await s.call('shell.exec', CMD, { 'verbatim-approval-id': p.approvalId })
    expect(named.status).toBe(403)
    expect(await code(named)).toBe('ERR_APPROVAL_EXPIRED')
    const fresh = await s.call('shell.exec', CMD)
    expect(fresh.status).toBe(202)
    expect(s.ran).toEqual([])
  })

  it('a decision whose record cannot be made durable does not count (503 ERR_AUDIT_UNAVAILABLE), and the call still waits', async () => {
    const s = (stack = await startApprovalStack())
    const p = (await (await s.call('shell.exec', CMD)).json()) as { approvalId: string }
    const c = s.console()
    await c.login(s.alice)
    const append = s.gate.deps.audit.append.bind(s.gate.deps.audit)
    s.gate.deps.audit.append = async (type, fields) => (type === 'approval' ? Promise.reject(new Error('disk full')) : append(type, fields))
    const r = await c.decide(p.approvalId, 'approve', s.alice)
    expect(r.status).toBe(503)
    expect(r.json['code']).toBe('ERR_AUDIT_UNAVAILABLE')
    expect(s.gate.deps.approvals?.book.get(p.approvalId)?.votes).toEqual([])
    expect((await s.call('shell.exec', CMD)).status).toBe(202)
    expect(s.ran).toEqual([])
  })
})
