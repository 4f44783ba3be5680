/**
 * The Python MCP SDK client (mcp 2.3.0) through the gate to the Python SDK server on stdio, a child of `verbatim guard
 * --mcp -- python server.py stdio`: at 2026-07-28 each agent's requests share that agent's children
 * (tests/guard/mcp-stateless.test.ts holds the rules of those children).
 */
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MCP_TOKEN, startMcpStack } from '../../helpers/mcp-stack.js'
import type { McpStack } from '../../helpers/mcp-stack.js'
import { CLIENT_RUN, MCP_PYTHON_DIR, executions, requireMcpPython, runPythonClient } from '../../helpers/python-mcp.js'
import { PY_POLICY } from './policy.js'

let s: McpStack
let log: string

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'verbatim-py-stdio-'))
  log = join(dir, 'executed.jsonl')
  s = await startMcpStack({
    server: 'py',
    executor: { mcp: { command: ['/usr/bin/env', `EXEC_LOG=${log}`, requireMcpPython(), join(MCP_PYTHON_DIR, 'server.py'), 'stdio'] } },
    policy: PY_POLICY,
    cli: true,
  })
})
afterAll(async () => s?.close())

describe.each(['2026-07-28', 'auto'] as const)('the Python SDK client (mode %s) to the Python SDK server on stdio, through gate and guard', (mode) => {
  it('speaks 2026-07-28, completes allowed calls and gets proper denials', async () => {
    const before = (await executions(log)).length
    const r = await runPythonClient(s.endpoint.href, MCP_TOKEN, mode)
    expect(r).toMatchObject(CLIENT_RUN)
    expect((await executions(log)).slice(before).map((e) => e.tool)).toEqual(['lookup', 'echo', 'lookup', 'confirm'])
  })
})
