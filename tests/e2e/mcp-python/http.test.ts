/**
 * The Python MCP SDK (mcp 2.3.0), client and server, through the gate and `verbatim guard --mcp --executor URL` at the
 * stateless revision 2026-07-28: the client pinned to 2026-07-28 and in auto mode (server/discover first), the server
 * over Streamable HTTP. Allowed calls return the server's results, a multi round-trip call completes, denials never
 * reach the server.
 */
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { verifyPath } from '../../../src/audit/index.js'
import { reconcile } from '../../../src/auditor/index.js'
import { MCP_TOKEN, startMcpStack } from '../../helpers/mcp-stack.js'
import type { McpStack } from '../../helpers/mcp-stack.js'
import { CLIENT_RUN, runPythonClient, startPythonServer } from '../../helpers/python-mcp.js'
import type { PythonServer } from '../../helpers/python-mcp.js'
import { PY_POLICY } from './policy.js'


let py: PythonServer
let s: McpStack

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'verbatim-py-'))
  py = await startPythonServer(join(dir, 'executed.jsonl'))
  s = await startMcpStack({ server: 'py', executor: { mcp: { http: py.url } }, policy: PY_POLICY, cli: true })
})
afterAll(async () => {
  await s?.close()
  await py?.stop()
})

describe.each(['2026-07-28', 'auto'] as const)('the Python SDK client (mode %s) to the Python SDK server over HTTP, through gate and guard', (mode) => {
  it('speaks 2026-07-28, completes allowed calls and gets proper denials', async () => {
    const before = (await py.executed()).length
    const r = await runPythonClient(s.endpoint.href, MCP_TOKEN, mode)
    expect(r).toMatchObject(CLIENT_RUN)
    const ran = (await py.executed()).slice(before)
    expect(ran.map((e) => e.tool)).toEqual(['lookup', 'echo', 'lookup', 'confirm'])
    expect(ran[3]?.args).toMatchObject({ state: 'asked-once' })
  })
})

describe('the logs of those calls', () => {
  const decisions = async (): Promise<Array<Record<string, unknown>>> => (await s.approved()).filter((r) => r.type === 'decision') as Array<Record<string, unknown>>

  it('decide each stateless request alone, under its revision and no session', async () => {
    const calls = (await decisions()).filter((d) => typeof d['tool'] === 'string' && (d['tool'] as string).startsWith('mcp:py/'))
    expect(calls.length).toBeGreaterThan(10)
    for (const d of calls) expect(d).toMatchObject({ revision: '2026-07-28' })
    expect(calls.filter((d) => d['session'] !== undefined)).toEqual([])
    // auto mode asked server/discover first: passed, as the default pass list says.
    expect(calls.find((d) => d['tool'] === 'mcp:py/server/discover')).toMatchObject({ verdict: 'allow', passed: true })
  })

  it('decide the retry of an input_required call again, as a new call marked as a retry', async () => {
    const confirm = (await decisions()).filter((d) => d['tool'] === 'mcp:py/tools/call/confirm')
    expect(confirm.map((d) => [d['verdict'], d['mrtr'] ?? null])).toEqual([['allow', null], ['allow', 'retry'], ['allow', null], ['allow', 'retry']])
    expect(new Set(confirm.map((d) => d['decisionId'])).size).toBe(4)
  })

  it('show how a client that had not listed the tools recovered: the server refused once, then the gate knew the header and refused once', async () => {
    const lookups = (await decisions()).filter((d) => d['tool'] === 'mcp:py/tools/call/lookup')
    // Run 1 (a fresh gate): forwarded without the header (the server answered HeaderMismatch), then with it after a listing.
    // Run 2: the gate had the listing, so it refused the headerless call itself before the client listed and retried.
    expect(lookups.map((d) => d['code'] ?? d['verdict'])).toEqual(['allow', 'allow', 'allow', 'ERR_MCP_HEADER_MISMATCH', 'allow', 'allow'])
  })

  it('verify and reconcile with no violation', async () => {
    const approved = await verifyPath(join(s.dir, 'approved'), { live: true })
    const executed = await verifyPath(join(s.dir, 'executed'), { live: true })
    for (const r of [...approved.values(), ...executed.values()]) expect(r.faults).toEqual([])
    const result = reconcile(await s.approved(), await s.executed(), { now: Date.now(), graceMs: 60_000 })
    expect(Object.entries(result.counts).filter(([cls, n]) => cls !== 'ok' && n > 0)).toEqual([])
    expect(result.counts.ok).toBeGreaterThan(10)
  })
})
