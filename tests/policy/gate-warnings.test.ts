import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateKeyPair, writeKeyFiles } from '../../src/binding/index.js'
import { ConfigSchema } from '../../src/config/index.js'
import type { ConfigInput } from '../../src/config/index.js'
import { startGate } from '../../src/gate/index.js'

let dir = ''
let keyFile = ''
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'verbatim-gate-warn-'))
  keyFile = (await writeKeyFiles(join(dir, 'keys'), await generateKeyPair())).privatePath
})
afterAll(async () => { await rm(dir, { recursive: true, force: true }) })

const env = { WARN_TOKEN: 'warn-token-0123456789abcdef' }
const READ_SCHEMA = { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] }

/** Starts a gate on a one-file policy, returns what it logged, and stops it. */
async function startLog(name: string, policy: string, upstream: Partial<NonNullable<ConfigInput['upstreams']>[number]> = {}): Promise<{ lines: string[]; file: string }> {
  const file = join(dir, `${name}.yaml`)
  await writeFile(file, policy)
  const config = ConfigSchema.parse({
    listen: { host: '127.0.0.1', port: 0 },
    policies: [file],
    agents: [{ id: 'coder', token: { env: 'WARN_TOKEN' } }],
    upstreams: [{ name: 'sandbox', url: 'http://127.0.0.1:9', audience: 'sandbox', guarded: false, toolSchemas: { tools: [{ name: 'fs.read', inputSchema: READ_SCHEMA }] }, ...upstream }],
    routes: [{ tools: ['fs.*'], upstream: 'sandbox' }],
    signing: { keyFile },
    audit: { dir: join(dir, `audit-${name}`) },
    probe: { intervalMs: 0 },
  } satisfies ConfigInput)
  const lines: string[] = []
  const gate = await startGate(config, { env, log: (l) => lines.push(l) })
  await gate.close()
  return { lines: lines.filter((l) => l.includes('policy warning')), file }
}

describe('gate start: the policy check warns in the log, and the gate still starts', () => {
  it('warns of an unknown agent, an unlisted tool and a pointer the schema lacks, at file:line:col', async () => {
    const { lines, file } = await startLog('dead', [
      'rules:',
      '  - { id: a, effect: allow, agents: [codr], tools: [fs.read] }',
      '  - { id: b, effect: allow, agents: [coder], tools: [fs.raed] }',
      '  - { id: c, effect: allow, agents: [coder], tools: [fs.read], when: [{ pointer: /pth, prefix: /w }] }',
      '',
    ].join('\n'))
    expect(lines).toEqual([
      `verbatim gate: policy warning: ${file}:2:38: rules.0.agents.0: unknown agent 'codr'; did you mean 'coder'?`,
      `verbatim gate: policy warning: ${file}:3:54: rules.1.tools.0: upstream 'sandbox' does not list tool 'fs.raed'; did you mean 'fs.read'?`,
      `verbatim gate: policy warning: ${file}:4:82: rules.2.when.0.pointer: '/pth' is not in the input schema of fs.read: the input has no "pth"; did you mean '/path'?`,
    ])
  })

  it('warns of unsafe and dead policy found by reasoning over the rules: a prefix on a path, an allow a deny overrides', async () => {
    const { lines, file } = await startLog('unsafe', [
      'rules:',
      '  - { id: tmp, effect: allow, agents: [coder], tools: [fs.read], when: [{ pointer: /path, prefix: /w/tmp }] }',
      '  - { id: all, effect: deny, agents: ["*"], tools: ["fs.*"] }',
      '',
    ].join('\n'))
    expect(lines).toEqual([
      `verbatim gate: policy warning: ${file}:2:5: rules.0: allow rule tmp can never allow: deny rule all (${file}:3) matches every call it matches; narrow all or remove tmp`,
      `verbatim gate: policy warning: ${file}:2:99: rules.0.when.0.prefix: prefix "/w/tmp" on /path compares characters, not path segments: it admits /w/tmpx and /w/tmp/../etc; write { pointer: /path, pathUnder: /w/tmp }`,
    ])
  })

  it('logs no warning for a policy whose every rule can match', async () => {
    const { lines } = await startLog('clean', 'rules:\n  - { id: a, effect: allow, agents: [coder], tools: [fs.read], when: [{ pointer: /path, pathUnder: /w }] }\n')
    expect(lines).toEqual([])
  })

  it('warns of a tool schema file it cannot read', async () => {
    const missing = join(dir, 'missing.json')
    const { lines } = await startLog('nofile', 'rules:\n  - { id: a, effect: allow, agents: [coder], tools: [fs.read] }\n', { toolSchemas: { file: missing } })
    expect(lines).toEqual([expect.stringMatching(new RegExp(`^verbatim gate: policy warning: ${missing}: tool schemas: no such file or directory$`))])
  })
})
