/**
 * The stock server-filesystem, a stdio server the guard runs as a child per session, through the
 * gate: first with the SDK's Streamable HTTP client, then through `verbatim mcp-bridge` with the
 * SDK's stdio client (as a desktop client launches a server). A denied write never happens.
 */
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js'
import { McpError } from '@modelcontextprotocol/sdk/types.js'
import { verifyPath } from '../../../src/audit/index.js'
import { reconcile } from '../../../src/auditor/index.js'
import { MCP_TOKEN, ROOT, startMcpStack } from '../../helpers/mcp-stack.js'
import type { McpStack } from '../../helpers/mcp-stack.js'

let ws: string
let s: McpStack

beforeAll(async () => {
  ws = await mkdtemp(join(tmpdir(), 'verbatim-fs-'))
  await writeFile(join(ws, 'notes.txt'), 'written before the test\n')
  const policy = `rules:
  - id: read-ws
    effect: allow
    agents: [coder]
    tools: ["mcp:fs/tools/call/read_text_file", "mcp:fs/tools/call/list_directory"]
    when:
      - { pointer: /path, pathUnder: ${JSON.stringify(ws)} }
  - id: write-out-only
    effect: allow
    agents: [coder]
    tools: ["mcp:fs/tools/call/write_file"]
    when:
      - { pointer: /path, pathUnder: ${JSON.stringify(join(ws, 'out'))} }
`
  s = await startMcpStack({
    server: 'fs',
    executor: { mcp: { command: [process.execPath, join(ROOT, 'node_modules/@modelcontextprotocol/server-filesystem/dist/index.js'), ws] } },
    policy,
  })
})
afterAll(async () => s?.close())

async function scenario(client: Client): Promise<void> {
  const names = (await client.listTools()).tools.map((t) => t.name).sort()
  expect(names).toEqual(['list_directory', 'read_text_file', 'write_file'])
  const read = await client.callTool({ name: 'read_text_file', arguments: { path: join(ws, 'notes.txt') } })
  expect(JSON.stringify(read.content)).toContain('written before the test')
  const target = join(ws, `denied-${Math.random().toString(36).slice(2)}.txt`)
  const denied = await client.callTool({ name: 'write_file', arguments: { path: target, content: 'must not be written' } }).catch((e: unknown) => e)
  expect(denied).toBeInstanceOf(McpError)
  expect(((denied as McpError).data as { code: string }).code).toBe('ERR_POLICY_NO_MATCH')
  expect(existsSync(target)).toBe(false)
}

describe('MCP through gate and guard: server-filesystem on stdio', () => {
  it('lists what the agent may call, reads, and never writes what policy denies (Streamable HTTP client)', async () => {
    const { client } = await s.connect()
    await scenario(client)
  })

  it('does the same through verbatim mcp-bridge, launched by the SDK stdio client', async () => {
    const client = new Client({ name: 'desktop-like', version: '1.0.0' })
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [join(ROOT, 'bin/verbatim'), 'mcp-bridge', '--gate', s.gate.url, '--server', 'fs'],
      env: { ...(process.env as Record<string, string>), VERBATIM_TOKEN: MCP_TOKEN },
      stderr: 'pipe',
    })
    await client.connect(transport)
    try {
      await scenario(client)
      await client.callTool({ name: 'write_file', arguments: { path: join(ws, 'out', 'ok.txt'), content: 'allowed' } }).catch(() => undefined)
    } finally {
      await client.close()
    }
  })

  it('leaves logs that verify and reconcile with no violation', async () => {
    const approved = await verifyPath(join(s.dir, 'approved'), { live: true })
    const executed = await verifyPath(join(s.dir, 'executed'), { live: true })
    for (const r of [...approved.values(), ...executed.values()]) expect(r.faults).toEqual([])
    const result = reconcile(await s.approved(), await s.executed(), { now: Date.now(), graceMs: 60_000 })
    const violations = Object.entries(result.counts).filter(([cls, n]) => cls !== 'ok' && n > 0)
    expect(violations).toEqual([])
    expect(result.counts.ok).toBeGreaterThan(0)
  })
})
