/**
 * An MCP tool that policy asks a person to approve, through the official SDK client, the gate and
 * the guard, to server-everything (MCP 2025-11-25): the request is answered at once (never held),
 * with URLElicitationRequired (-32042) to a client that declared URL-mode elicitation and with the
 * status URL (-31202) to one that did not; once a person approved, the same call runs once, and the
 * guard verified the approval itself; a denial is -31403 with ERR_APPROVAL_DENIED.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MCP_TOKEN, startEverything } from '../../helpers/mcp-stack.js'
import { startMcpApprovalStack } from '../../helpers/mcp-approvals.js'
import type { McpApprovalStack } from '../../helpers/mcp-approvals.js'

let ev: Awaited<ReturnType<typeof startEverything>>
let s: McpApprovalStack

beforeAll(async () => {
  ev = await startEverything()
  s = await startMcpApprovalStack({ server: 'everything', executor: { mcp: { http: ev.url } }, ask: 'echo' })
})
afterAll(async () => {
  await s?.close()
  await ev?.stop()
})

async function client(capabilities: Record<string, unknown>): Promise<Client> {
  const c = new Client({ name: 'verbatim-test', version: '1.0.0' }, { capabilities })
  await c.connect(new StreamableHTTPClientTransport(s.endpoint, { requestInit: { headers: { authorization: `Bearer ${MCP_TOKEN}` } } }))
  return c
}

async function refusal(p: Promise<unknown>): Promise<{ code: number; data: Record<string, unknown> }> {
  try {
    await p
  } catch (e) {
    const err = e as { code?: number; data?: Record<string, unknown> }
    return { code: Number(err.code), data: err.data ?? {} }
  }
  throw new Error('the call was not refused')
}

const executions = async (): Promise<Array<Record<string, unknown>>> => (await s.executed()).filter((r) => r.type === 'execution' && r['tool'] === 'mcp:everything/tools/call/echo') as Array<Record<string, unknown>>

describe('an ask tool over MCP 2025-11-25', () => {
  it('answers -31202 with the status URL to a client without URL elicitation; approved, the same call runs once, the guard verified it', async () => {
    const c = await client({})
    const r = await refusal(c.callTool({ name: 'echo', arguments: { message: 'deploy' } }))
    expect(r.code).toBe(-31202)
    expect(r.data).toMatchObject({ status: 'pending', tool: 'mcp:everything/tools/call/echo', statusUrl: `/v1/approvals/${String(r.data['approvalId'])}`, url: `${s.origin}/approvals/${String(r.data['approvalId'])}` })
    expect(await executions()).toEqual([])
    const k = s.console()
    await k.login(s.alice)
    expect((await k.decide(String(r.data['approvalId']), 'approve', s.alice)).json['status']).toBe('approved')
    const ok = await c.callTool({ name: 'echo', arguments: { message: 'deploy' } })
    expect(ok.content).toEqual([{ type: 'text', text: 'Echo: deploy' }])
    const ran = await executions()
    expect(ran).toHaveLength(1)
    expect(ran[0]).toMatchObject({ approvalId: r.data['approvalId'], approvers: ['alice'] })
    // Once: the same call again waits for a new approval.
    expect((await refusal(c.callTool({ name: 'echo', arguments: { message: 'deploy' } }))).code).toBe(-31202)
    await c.close()
  })

  it('answers URLElicitationRequired (-32042) to a client that declared URL-mode elicitation: the console page of this call', async () => {
    const c = await client({ elicitation: { url: {} } })
    const r = await refusal(c.callTool({ name: 'echo', arguments: { message: 'url mode' } }))
    expect(r.code).toBe(-32042)
    // The SDK keeps error.data's elicitations (its UrlElicitationRequiredError): the approval id is the elicitation's.
    const e = (r.data['elicitations'] as Array<Record<string, unknown>>)[0] ?? {}
    expect(e).toMatchObject({ mode: 'url', url: `${s.origin}/approvals/${String(e['elicitationId'])}`, message: expect.stringContaining("echo runs only with a person's approval") })
    expect(s.gate.deps.approvals?.book.get(String(e['elicitationId']))?.target.tool).toBe('mcp:everything/tools/call/echo')
    await c.close()
  })

  it('a denied call is -31403 with ERR_APPROVAL_DENIED, and nothing reached the server', async () => {
    const c = await client({})
    const r = await refusal(c.callTool({ name: 'echo', arguments: { message: 'no' } }))
    const k = s.console()
    await k.login(s.bob)
    await k.decide(String(r.data['approvalId']), 'deny', s.bob, 'not this one')
    const d = await refusal(c.callTool({ name: 'echo', arguments: { message: 'no' } }))
    expect(d.code).toBe(-31403)
    expect(d.data['code']).toBe('ERR_APPROVAL_DENIED')
    expect((await executions()).filter((x) => x['approvalId'] === r.data['approvalId'])).toEqual([])
    await c.close()
  })
})
