import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseConfig } from '../../src/config/index.js'
import { lintContextOf, readToolSchemaFile } from '../../src/policy/index.js'

const BASE = [
  'policies: [p.yaml]',
  'agents: [{ id: coder, token: { env: T } }]',
  'routes: [{ tools: ["*"], upstream: u }]',
  'signing: { keyFile: k.pem }',
]

const config = (upstream: string): string => [...BASE, `upstreams: [{ name: u, url: "http://127.0.0.1:9", audience: u, ${upstream} }]`, ''].join('\n')

let dir = ''
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'verbatim-tool-schemas-')) })
afterAll(async () => { await rm(dir, { recursive: true, force: true }) })

describe('upstreams[].toolSchemas in verbatim.yaml', () => {
  it('resolves a file against the config\'s folder, as other paths', () => {
    const { config: c } = parseConfig('/etc/verbatim/verbatim.yaml', config('toolSchemas: { file: tools/sandbox.json }'))
    expect(c.upstreams[0]?.toolSchemas).toEqual({ file: '/etc/verbatim/tools/sandbox.json' })
  })

  it('takes the tools inline', async () => {
    const { config: c } = parseConfig('v.yaml', config('toolSchemas: { tools: [{ name: fs.read, inputSchema: { type: object } }] }'))
    const { context, faults } = await lintContextOf(c)
    expect(faults).toEqual([])
    expect(context.tools).toEqual([{ name: 'fs.read', inputSchema: { type: 'object' }, source: 'upstream u' }])
    expect(context.upstreamTools?.get('u')).toEqual(['fs.read'])
  })

  it('refuses both a file and inline tools, or neither', () => {
    expect(() => parseConfig('v.yaml', config('toolSchemas: { file: a.json, tools: [] }'))).toThrow(expect.objectContaining({ code: 'ERR_CONFIG_INVALID' }))
    expect(() => parseConfig('v.yaml', config('toolSchemas: {}'))).toThrow(expect.objectContaining({ code: 'ERR_CONFIG_INVALID' }))
  })
})

describe('a tool schema file', () => {
  it('reads the shape of an MCP tools/list result, other keys ignored, in JSON or YAML', async () => {
    const json = join(dir, 'list.json')
    await writeFile(json, JSON.stringify({ tools: [{ name: 'echo', description: 'd', annotations: { readOnlyHint: true }, inputSchema: { type: 'object' } }], nextCursor: 'x' }))
    expect(await readToolSchemaFile(json)).toEqual({ tools: [{ name: 'echo', inputSchema: { type: 'object' }, source: json }], faults: [] })
    const yaml = join(dir, 'list.yaml')
    await writeFile(yaml, 'tools:\n  - name: echo\n    inputSchema: { type: object }\n')
    expect((await readToolSchemaFile(yaml, 'mine')).tools).toEqual([{ name: 'echo', inputSchema: { type: 'object' }, source: 'mine' }])
  })

  it('reports a file that is not that shape at file:line:col', async () => {
    const file = join(dir, 'bad.yaml')
    await writeFile(file, 'tools:\n  - name: echo\n')
    expect((await readToolSchemaFile(file)).faults).toEqual([{ file, line: 2, col: 5, message: 'tools.0.inputSchema: missing, expected record' }])
  })
})
