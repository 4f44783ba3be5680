import { execFile } from 'node:child_process'
import { createServer } from 'node:net'
import type { AddressInfo } from 'node:net'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { McpTestServer } from './mcp-server.js'
import { startMcpServer } from './mcp-server.js'
import { runCli } from '../helpers/cli.js'

const ROOT = new URL('../../', import.meta.url).pathname
const TOOLS = join(ROOT, 'policies/tools/sandbox.json')

let dir = ''
let mcp: McpTestServer
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'verbatim-policy-check-'))
  mcp = await startMcpServer()
})
afterAll(async () => {
  await mcp.close()
  await rm(dir, { recursive: true, force: true })
})

/** Writes a policy and a verbatim.yaml beside it (its paths relative to the config's folder). */
async function setup(name: string, policy: string, upstream = 'toolSchemas: { file: tools.json }'): Promise<{ config: string; policy: string }> {
  const d = join(dir, name)
  await rm(d, { recursive: true, force: true })
  await mkdir(d)
  await writeFile(join(d, 'tools.json'), await readFile(TOOLS, 'utf8'))
  await writeFile(join(d, 'p.yaml'), policy)
  await writeFile(join(d, 'verbatim.yaml'), [
    'policies: [p.yaml]',
    'agents: [{ id: coder, token: { env: T1 } }, { id: reviewer, token: { env: T2 } }]',
    `upstreams: [{ name: sandbox, url: "http://127.0.0.1:9", audience: s, ${upstream} }]`,
    'routes: [{ tools: ["fs.*", shell.exec, http.fetch], upstream: sandbox }]',
    'signing: { keyFile: k.pem }',
    '',
  ].join('\n'))
  return { config: join(d, 'verbatim.yaml'), policy: join(d, 'p.yaml') }
}

const DEAD = [
  'rules:',
  '  - { id: a, effect: allow, agents: [reviwer], tools: [fs.read], when: [{ pointer: /path, pathUnder: /workspace }] }',
  '  - { id: b, effect: allow, agents: [coder], tools: [fs.raed], when: [{ pointer: /path, pathUnder: /workspace }] }',
  '  - { id: c, effect: allow, agents: [coder], tools: [shell.exec], when: [{ pointer: /argv, maxLength: 64 }] }',
  '  - { id: d, effect: allow, agents: [coder], tools: [fs.write], when: [{ pointer: /contnet, maxBytes: 65536 }] }',
  '',
].join('\n')

describe('verbatim policy check --config: dead rules, at file:line:col', () => {
  it('reports an unknown agent, an unlisted tool and conditions the tool schemas rule out, then exits 1', async () => {
    const { config, policy } = await setup('dead', DEAD)
    const r = await runCli(['policy', 'check', '--config', config])
    expect(r.code).toBe(1)
    expect(r.out).toBe([
      `${policy}:2:38: rules.0.agents.0: unknown agent 'reviwer'; did you mean 'reviewer'?`,
      `${policy}:3:54: rules.1.tools.0: upstream 'sandbox' does not list tool 'fs.raed'; did you mean 'fs.read'?`,
      `${policy}:4:103: rules.2.when.0.maxLength: maxLength needs a string, but '/argv' is array in the input schema of shell.exec`,
      `${policy}:5:83: rules.3.when.0.pointer: '/contnet' is not in the input schema of fs.write: the input has no "contnet"; did you mean '/content'?`,
      '4 faults',
      '',
    ].join('\n'))
  })

  it('prints the digest and what it checked against when every rule can match', async () => {
    const { config } = await setup('clean', DEAD.replace('reviwer', 'reviewer').replace('fs.raed', 'fs.read').replace('/argv, maxLength: 64', '/argv, maxItems: 64').replace('/contnet', '/content'))
    const r = await runCli(['policy', 'check', '--config', config])
    expect(r.out).toMatch(/^ok: 4 rules in 1 files\ndigest: [0-9a-f]{64}\nchecked against 2 agents, 1 routes, 7 tool schemas\n$/)
    expect(r.code).toBe(0)
  })

  it('reads inline toolSchemas from the config', async () => {
    const inline = 'toolSchemas: { tools: [{ name: fs.read, inputSchema: { type: object, properties: { file: { type: string } } } }] }'
    const { config, policy } = await setup('inline', 'rules:\n  - { id: a, effect: allow, agents: [coder], tools: [fs.read], when: [{ pointer: /path, prefix: /w }] }\n', inline)
    const r = await runCli(['policy', 'check', '--config', config])
    expect(r.out.split('\n')[0]).toBe(`${policy}:2:82: rules.0.when.0.pointer: '/path' is not in the input schema of fs.read: the input has no "path"`)
    expect(r.code).toBe(1)
  })

  it('reports a tool no route serves when the upstream declares no list', async () => {
    const { config, policy } = await setup('routes', 'rules:\n  - { id: a, effect: allow, agents: [coder], tools: [git.status] }\n', 'guarded: true')
    const r = await runCli(['policy', 'check', '--config', config])
    expect(r.out).toBe(`${policy}:2:54: rules.0.tools.0: no route serves tool 'git.status'\n1 fault\n`)
  })

  it('reports load faults and dead rules together, in one run', async () => {
    const { config, policy } = await setup('both', 'rules:\n  - { id: a, efect: allow, agents: [coder], tools: [fs.read] }\n  - { id: b, effect: allow, agents: [codr], tools: [fs.read] }\n')
    const r = await runCli(['policy', 'check', '--config', config])
    expect(r.out).toBe([
      `${policy}:2:14: rules.0: unknown key 'efect'; did you mean 'effect'?`,
      `${policy}:3:38: rules.1.agents.0: unknown agent 'codr'; did you mean 'coder'?`,
      '2 faults',
      '',
    ].join('\n'))
  })

  it('reports a tool schema file it cannot read, and exits 2 for a config it cannot read', async () => {
    const { config } = await setup('nofile', 'rules:\n  - { id: a, effect: allow, agents: [coder], tools: [fs.read] }\n', 'toolSchemas: { file: missing.json }')
    const r = await runCli(['policy', 'check', '--config', config])
    expect(r.out).toMatch(new RegExp(`^${join(dir, 'nofile', 'missing.json')}: tool schemas: no such file or directory`))
    expect(r.code).toBe(1)
    const bad = await runCli(['policy', 'check', '--config', join(dir, 'none.yaml')])
    expect(bad.code).toBe(2)
    expect(bad.err).toMatch(/^ERR_CONFIG_INVALID: /)
  })
})

describe('verbatim policy check --tools FILE', () => {
  it('checks conditions against the file\'s schemas, without a config', async () => {
    const file = join(dir, 'tools-only.yaml')
    await writeFile(file, 'rules:\n  - { id: a, effect: allow, agents: [x], tools: [http.fetch], when: [{ pointer: /method, equals: get }] }\n')
    const r = await runCli(['policy', 'check', '--tools', TOOLS, file])
    expect(r.out).toBe(`${file}:2:98: rules.0.when.0.equals: "get" is not allowed by the input schema of http.fetch, where '/method' is one of "GET", "HEAD", "POST", "PUT", "DELETE"\n1 fault\n`)
    expect(r.code).toBe(1)
  })

  it('passes the example policies against the example tool schemas', async () => {
    const r = await runCli(['policy', 'check', '--tools', TOOLS, join(ROOT, 'policies')])
    expect(r.out).toMatch(/\nchecked against 7 tool schemas\nnot checked: [^\n]*\n$/)
    expect(r.code).toBe(0)
  })

  it('places a fault in a tool schema file at its line', async () => {
    const file = join(dir, 'bad-tools.json')
    await writeFile(file, '{\n  "tools": [\n    { "name": "x", "inputSchema": 3 }\n  ]\n}\n')
    const r = await runCli(['policy', 'check', '--tools', file, join(ROOT, 'policies')])
    expect(r.out).toMatch(new RegExp(`^${file}:3:35: tools\\.0\\.inputSchema: `))
    expect(r.code).toBe(1)
  })
})

describe('verbatim policy check --mcp URL (a live MCP server over Streamable HTTP)', () => {
  it('checks conditions against the schemas of the server\'s tools/list', async () => {
    const file = join(dir, 'mcp.yaml')
    await writeFile(file, [
      'rules:',
      '  - { id: read, effect: allow, agents: [x], tools: [fs.read], when: [{ pointer: /pth, pathUnder: /workspace }] }',
      '  - { id: exec, effect: allow, agents: [x], tools: [shell.exec], when: [{ pointer: /timeoutMs, type: string }] }',
      '',
    ].join('\n'))
    const r = await runCli(['policy', 'check', '--mcp', mcp.url, file])
    expect(r.out).toBe([
      `${file}:2:81: rules.0.when.0.pointer: '/pth' is not in the input schema of fs.read: the input has no "pth"; did you mean '/path'?`,
      `${file}:3:102: rules.1.when.0.type: type string contradicts the input schema of shell.exec, where '/timeoutMs' is integer`,
      '2 faults',
      '',
    ].join('\n'))
    expect(r.code).toBe(1)
  })

  it('passes rules that fit the live schemas', async () => {
    const file = join(dir, 'mcp-ok.yaml')
    await writeFile(file, 'rules:\n  - { id: read, effect: allow, agents: [x], tools: [fs.read], when: [{ pointer: /path, pathUnder: /workspace }] }\n')
    const r = await runCli(['policy', 'check', '--mcp', mcp.url, file])
    expect(r.out).toMatch(/\nchecked against 2 tool schemas\n$/)
    expect(r.code).toBe(0)
  })

  it('reports a server it cannot reach as a fault named by its URL', async () => {
    const closed = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const { port } = s.address() as AddressInfo
        s.close(() => resolve(port))
      })
    })
    const url = `http://127.0.0.1:${closed}/mcp`
    const r = await runCli(['policy', 'check', '--mcp', url, join(ROOT, 'policies')])
    expect(r.out).toMatch(new RegExp(`^${url.replaceAll('.', '\\.')}: cannot list the tools of this MCP server: `))
    expect(r.out.trimEnd().split('\n').at(-1)).toBe('1 fault')
    expect(r.code).toBe(1)
  })
})

describe('bin/verbatim policy check --config (child process)', () => {
  it('exits 1 and prints the dead rule', async () => {
    const { config, policy } = await setup('child', 'rules:\n  - { id: a, effect: allow, agents: [reviwer], tools: [fs.read] }\n')
    const err = await promisify(execFile)(process.execPath, [join(ROOT, 'bin/verbatim'), 'policy', 'check', '--config', config], { cwd: ROOT }).catch((e: { code: number; stdout: string }) => e)
    expect(err).toMatchObject({ code: 1 })
    expect((err as { stdout: string }).stdout).toBe(`${policy}:2:38: rules.0.agents.0: unknown agent 'reviwer'; did you mean 'reviewer'?\n1 fault\n`)
  })
})
