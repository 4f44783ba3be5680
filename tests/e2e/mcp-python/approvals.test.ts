/**
 * An MCP 2026-07-28 call a person must approve, with the Python SDK (mcp 2.3.0) as client and server:
 * the gate answers `input_required` (MRTR) with a URL-mode elicitation of the console page; while the
 * client's elicitation callback waits, a person approves in the console; the SDK sends the call again
 * with `inputResponses` and `requestState`, which the gate checks against the approval and takes out
 * (the server never issued them); the server runs the call once, and the guard verified the approval.
 */
import { spawn } from 'node:child_process'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MCP_TOKEN } from '../../helpers/mcp-stack.js'
import { startMcpApprovalStack } from '../../helpers/mcp-approvals.js'
import type { McpApprovalStack } from '../../helpers/mcp-approvals.js'
import { MCP_PYTHON_DIR, requireMcpPython, startPythonServer } from '../../helpers/python-mcp.js'
import type { PythonServer } from '../../helpers/python-mcp.js'

let py: PythonServer
let s: McpApprovalStack

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'verbatim-py-approvals-'))
  py = await startPythonServer(join(dir, 'executed.jsonl'))
  s = await startMcpApprovalStack({ server: 'py', executor: { mcp: { http: py.url } }, ask: 'echo' })
})
afterAll(async () => {
  await s?.close()
  await py?.stop()
})

/** Runs approve_client.py; `onElicit` decides (in the console) before the client is let go on. */
function runClient(message: string, onElicit: (params: Record<string, unknown>) => Promise<void>): Promise<Record<string, unknown>> {
  const child = spawn(requireMcpPython(), [join(MCP_PYTHON_DIR, 'approve_client.py'), s.endpoint.href, MCP_TOKEN, message], { stdio: ['pipe', 'pipe', 'pipe'] })
  return new Promise((resolve, reject) => {
    let out = ''
    let err = ''
    child.stderr.on('data', (d: Buffer) => void (err += d.toString()))
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString()
      for (let nl = out.indexOf('\n'); nl >= 0; nl = out.indexOf('\n')) {
        const line = JSON.parse(out.slice(0, nl)) as Record<string, unknown>
        out = out.slice(nl + 1)
        if ('elicit' in line) void onElicit(line['elicit'] as Record<string, unknown>).then(() => child.stdin.write('go\n'), reject)
        else resolve(line)
      }
    })
    child.once('exit', (code) => (code === 0 ? undefined : reject(new Error(`approve_client.py exited ${code}: ${err}`))))
  })
}

describe('an ask tool over MCP 2026-07-28 (MRTR), Python SDK client and server', () => {
  it('input_required with the console page; approved meanwhile, the retried call is checked against the approval and runs once', async () => {
    let approvalId = ''
    const out = await runClient('deploy', async (params) => {
      expect(params).toMatchObject({ mode: 'url', message: expect.stringContaining("echo runs only with a person's approval") })
      approvalId = String(params['url']).split('/approvals/')[1] ?? ''
      const k = s.console()
      await k.login(s.alice)
      expect((await k.decide(approvalId, 'approve', s.alice, 'ok')).json['status']).toBe('approved')
    })
    expect(out).toEqual({ result: ['Echo: deploy'] })
    expect((await py.executed()).filter((x) => x.tool === 'echo')).toEqual([{ tool: 'echo', args: { message: 'deploy' } }])
    const decisions = (await s.approved()).filter((r) => r.type === 'decision' && r['tool'] === 'mcp:py/tools/call/echo')
    expect(decisions.map((d) => [d['verdict'], d['approvalId']])).toEqual([['ask', approvalId], ['allow', approvalId]])
    expect(decisions[1]?.['mrtr']).toBe('approval')
    const ran = (await s.executed()).filter((r) => r.type === 'execution' && r['tool'] === 'mcp:py/tools/call/echo')
    expect(ran).toHaveLength(1)
    expect(ran[0]).toMatchObject({ approvalId, approvers: ['alice'] })
  })

  it('refuses a retry whose requestState names an approval of other bytes: -31403 ERR_APPROVAL_MISMATCH, nothing runs', async () => {
    const before = (await py.executed()).length
    const first = await post({ name: 'echo', arguments: { message: 'approved bytes' } })
    const state = (first['result'] as { requestState?: string } | undefined)?.requestState ?? ''
    expect(state).toMatch(/^verbatim-approval:/)
    const k = s.console()
    await k.login(s.alice)
    await k.decide(state.slice('verbatim-approval:'.length), 'approve', s.alice)
    const other = await post({ name: 'echo', arguments: { message: 'other bytes' }, requestState: state, inputResponses: { 'verbatim-approval': { action: 'accept' } } })
    expect(other['error']).toMatchObject({ code: -31403, data: { code: 'ERR_APPROVAL_MISMATCH' } })
    expect((await py.executed()).length).toBe(before)
  })
})

const META = { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientInfo': { name: 'raw', version: '1' }, 'io.modelcontextprotocol/clientCapabilities': { elicitation: { url: {} } } }
let rpcId = 900

/** A 2026-07-28 tools/call on the wire as an agent sends it, with its routing headers. */
async function post(params: Record<string, unknown>): Promise<Record<string, unknown>> {
  const body = JSON.stringify({ jsonrpc: '2.0', id: ++rpcId, method: 'tools/call', params: { _meta: META, ...params } })
  const res = await fetch(s.endpoint, {
    method: 'POST', body,
    headers: { authorization: `Bearer ${MCP_TOKEN}`, accept: 'application/json, text/event-stream', 'content-type': 'application/json', 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'tools/call', 'mcp-name': String(params['name']) },
  })
  return (await res.json()) as Record<string, unknown>
}
