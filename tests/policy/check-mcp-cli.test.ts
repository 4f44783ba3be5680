/**
 * `verbatim policy check` and the gate's start-up check on mcp: rules (issue 21 item 6): --config
 * knows the names of mcp.servers, and --mcp NAME=URL checks mcp:NAME/tools/call/TOOL rules' tool
 * names and pointers against the live server's tools/list (the official SDK's server).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateKeyPair, writeKeyFiles } from '../../src/binding/index.js'
import { loadConfig } from '../../src/config/index.js'
import { startGate } from '../../src/gate/index.js'
import type { McpTestServer } from './mcp-server.js'
import { startMcpServer } from './mcp-server.js'
import { runCli } from '../helpers/cli.js'

let dir = ''
let mcp: McpTestServer
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'verbatim-policy-mcp-'))
  mcp = await startMcpServer()
})
afterAll(async () => {
  await mcp.close()
  await rm(dir, { recursive: true, force: true })
})

/** A gate config serving one MCP server, `tools`, and a policy beside it. */
async function setup(name: string, policy: string): Promise<{ config: string; policy: string }> {
  const d = join(dir, name)
  await mkdir(d, { recursive: true })
  const { privatePath } = await writeKeyFiles(join(d, 'keys'), await generateKeyPair())
  await writeFile(join(d, 'p.yaml'), policy)
  await writeFile(join(d, 'verbatim.yaml'), [
    'listen: { host: 127.0.0.1, port: 0 }',
    'policies: [p.yaml]',
    'agents: [{ id: coder, token: { env: T1 } }]',
    'upstreams: [{ name: tools-guard, url: "http://127.0.0.1:9", audience: t, guarded: false }]',
    'mcp: { servers: [{ name: tools, upstream: tools-guard }] }',
    `signing: { keyFile: ${JSON.stringify(privatePath)} }`,
    'audit: { dir: audit }',
    'probe: { intervalMs: 0 }',
    '',
  ].join('\n'))
  return { config: join(d, 'verbatim.yaml'), policy: join(d, 'p.yaml') }
}

const RULES = [
  'rules:',
  '  - { id: read, effect: allow, agents: [coder], tools: ["mcp:tools/tools/call/fs.read"], when: [{ pointer: /pth, pathUnder: /srv }] }',
  '  - { id: exec, effect: allow, agents: [coder], tools: ["mcp:tools/tools/call/shell.exce"] }',
  '  - { id: other, effect: allow, agents: [coder], tools: ["mcp:tool/resources/read"] }',
  '',
].join('\n')
const CLEAN = RULES.replace('/pth', '/path').replace('shell.exce', 'shell.exec').replace('mcp:tool/', 'mcp:tools/')

describe('verbatim policy check on mcp: rules', () => {
  it('--config: a rule on a configured MCP server is served; a misspelt server is reported', async () => {
    // Before: every mcp: rule was "no route serves tool 'mcp:tools/tools/call/…'".
    const { config, policy } = await setup('config', RULES)
    const r = await runCli(['policy', 'check', '--config', config])
    expect(r.out).toBe(`${policy}:4:58: rules.2.tools.0: no MCP server 'tool' (mcp.servers); did you mean 'tools'?\n1 fault\n`)
    expect(r.code).toBe(1)
  })

  it("--mcp NAME=URL: the live server's tool names and input schemas, with did-you-mean", async () => {
    // Before: --mcp checked bare tool names only, and these two rules passed.
    const { config, policy } = await setup('live', RULES)
    const r = await runCli(['policy', 'check', '--config', config, '--mcp', `tools=${mcp.url}`])
    expect(r.out).toBe([
      `${policy}:2:108: rules.0.when.0.pointer: '/pth' is not in the input schema of mcp:tools/tools/call/fs.read: the input has no "pth"; did you mean '/path'?`,
      `${policy}:3:57: rules.1.tools.0: MCP server 'tools' does not list tool 'shell.exce'; did you mean 'shell.exec'?`,
      `${policy}:4:58: rules.2.tools.0: no MCP server 'tool' (mcp.servers); did you mean 'tools'?`,
      '3 faults',
      '',
    ].join('\n'))
    expect(r.code).toBe(1)
    // Without NAME, the one server of --config is the one named.
    expect((await runCli(['policy', 'check', '--config', config, '--mcp', mcp.url])).out).toBe(r.out)
  })

  it('passes rules that fit, and says what it checked against', async () => {
    const { config } = await setup('clean', CLEAN)
    const r = await runCli(['policy', 'check', '--config', config, '--mcp', `tools=${mcp.url}`])
    expect(r.out).toMatch(/\nchecked against 1 agents, 0 routes, 1 MCP servers, 2 tool schemas\n$/)
    expect(r.code).toBe(0)
  })

  it('the gate starts without a false warning for mcp: rules, and warns of a misspelt server', async () => {
    for (const [name, policy, expected] of [['gate-clean', CLEAN, 0], ['gate-dead', RULES, 1]] as const) {
      const { config } = await setup(name, policy)
      const lines: string[] = []
      const gate = await startGate((await loadConfig(config, {})).config, { env: { T1: 'policy-mcp-token-0123456789' }, log: (l) => lines.push(l) })
      await gate.close()
      const warnings = lines.filter((l) => l.includes('policy warning'))
      expect(warnings).toHaveLength(expected)
      if (expected === 1) expect(warnings[0]).toMatch(/rules\.2\.tools\.0: no MCP server 'tool' \(mcp\.servers\); did you mean 'tools'\?$/)
    }
  })
})
