/**
 * The guard's path check (issue 20, item 5): `pathUnder` is lexical, so a symlink already inside an
 * allowed folder leads out of it. With the stock server-filesystem behind the standalone guard, a
 * write under out/link/ (link → a folder outside out/, inside the server's own root) passes the
 * gate's pathUnder and, without the check, lands outside out/. With `paths:` in guard.yaml the guard
 * resolves the path on disk and refuses the call before the server runs it.
 */
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROOT, startMcpStack } from '../helpers/mcp-stack.js'
import type { McpStack } from '../helpers/mcp-stack.js'
import { runCli } from '../helpers/cli.js'
import { createPathCheck } from '../../src/guard/index.js'
import type { VerifiedBinding } from '../../src/guard/index.js'

/** The problem+json a refusal carries, from the SDK's Streamable HTTP error message. */
function problemOf(err: unknown): Record<string, unknown> {
  const m = /(\{"type".*\})/.exec(String(err))
  if (m === null) throw new Error(`not a relayed problem: ${String(err)}`)
  return JSON.parse(m[1] as string) as Record<string, unknown>
}

let ws: string
let without: McpStack
let checked: McpStack

const TOOL = 'mcp:fs/tools/call/write_file'
const server = (): { mcp: { command: string[] } } => ({ mcp: { command: [process.execPath, join(ROOT, 'node_modules/@modelcontextprotocol/server-filesystem/dist/index.js'), ws] } })
const policy = (): string => `rules:\n  - { id: write-out, effect: allow, agents: [coder], tools: ["${TOOL}"], when: [{ pointer: /path, pathUnder: ${JSON.stringify(join(ws, 'out'))} }] }\n`

beforeAll(async () => {
  ws = await mkdtemp(join(tmpdir(), 'verbatim-paths-'))
  await mkdir(join(ws, 'out'))
  await mkdir(join(ws, 'src'))
  await writeFile(join(ws, 'src', 'main.ts'), 'export {}\n')
  // Planted before the call: out/link points at src/, outside out/ but inside the server's root.
  await symlink(join(ws, 'src'), join(ws, 'out', 'link'))
  without = await startMcpStack({ server: 'fs', executor: server(), policy: policy() })
  checked = await startMcpStack({
    server: 'fs', executor: server(), policy: policy(),
    guard: { paths: { roots: [join(ws, 'out')], arguments: [{ tools: [TOOL], pointers: ['/path'] }] } },
  })
})
afterAll(async () => {
  await without?.close()
  await checked?.close()
})

describe('guard path check: a symlink inside an allowed folder', () => {
  it('without it, the gate allows out/link/x and the write lands in src/ (the hole)', async () => {
    const { client } = await without.connect()
    await client.callTool({ name: 'write_file', arguments: { path: join(ws, 'out', 'link', 'escaped.ts'), content: 'landed outside out/' } })
    expect(await readFile(join(ws, 'src', 'escaped.ts'), 'utf8')).toBe('landed outside out/')
  })

  it('with it, the guard refuses the call before the server runs it, and says where the path leads', async () => {
    const { client } = await checked.connect()
    const target = join(ws, 'out', 'link', 'refused.ts')
    const err = await client.callTool({ name: 'write_file', arguments: { path: target, content: 'must not be written' } }).then(() => undefined, (e: unknown) => e)
    // The guard answers 403 with its problem, which the gate relays to the client as it is.
    expect(problemOf(err)).toEqual({
      type: 'https://verbatim.dev/errors#ERR_GUARD_PATH_OUTSIDE', title: 'Path leaves its roots', status: 403, code: 'ERR_GUARD_PATH_OUTSIDE',
      detail: `/path ${JSON.stringify(target)} resolves to ${join(ws, 'src', 'refused.ts')}, outside ${join(ws, 'out')}`, decisionId: expect.any(String),
    })
    expect(existsSync(join(ws, 'src', 'refused.ts'))).toBe(false)
    // Audited as a refusal; nothing executed.
    const executed = await checked.executed()
    expect(executed.filter((r) => r.type === 'refusal' && r.code === 'ERR_GUARD_PATH_OUTSIDE').length).toBe(1)
    expect(executed.filter((r) => r.type === 'execution' && r.tool === TOOL)).toEqual([])
  })

  it('allows a write that stays in out/, including a new file in a new name', async () => {
    const { client } = await checked.connect()
    await client.callTool({ name: 'write_file', arguments: { path: join(ws, 'out', 'ok.ts'), content: 'fine' } })
    expect(await readFile(join(ws, 'out', 'ok.ts'), 'utf8')).toBe('fine')
  })

  it('a link swapped in for a file after an allowed write is caught on the next call', async () => {
    const { client } = await checked.connect()
    await symlink(join(ws, 'src', 'main.ts'), join(ws, 'out', 'main.ts'))
    const err = await client.callTool({ name: 'write_file', arguments: { path: join(ws, 'out', 'main.ts'), content: 'overwrite' } }).then(() => undefined, (e: unknown) => e)
    expect(problemOf(err).code).toBe('ERR_GUARD_PATH_OUTSIDE')
    expect(await readFile(join(ws, 'src', 'main.ts'), 'utf8')).toBe('export {}\n')
  })
})

describe('guard path check: configuration', () => {
  it('a root that does not exist refuses the start', async () => {
    await expect(createPathCheck({ roots: [join(ws, 'missing')], arguments: [{ tools: ['*'], pointers: ['/path'] }] })).rejects.toMatchObject({ code: 'ERR_CONFIG_INVALID' })
  })

  it('guard config check reads paths: and names a bad pointer at its place', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'verbatim-paths-cfg-'))
    const file = join(dir, 'guard.yaml')
    await writeFile(file, [
      'audience: fs-1',
      'keys: { jwksFile: jwks.json }',
      'executor: { mcp: { command: [node, server.js] } }',
      'paths:',
      '  roots: [out]',
      '  arguments: [{ tools: ["mcp:fs/tools/call/write_file"], pointers: [/path, bad] }]',
      '',
    ].join('\n'))
    const r = await runCli(['guard', 'config', 'check', file])
    expect(r.code).not.toBe(0)
    expect(r.out + r.err).toContain('paths.arguments.0.pointers.1: a JSON Pointer (RFC 6901)')
  })
})

describe('guard path check: what it refuses, on a real file system', () => {
  const call = (tool: string, value: Record<string, unknown>): VerifiedBinding => ({ decisionId: 'd', agent: 'a', tool, value, audience: 'x' }) as unknown as VerifiedBinding
  it.each([
    ['a relative path', 'fs', { path: 'out/a' }, 'is relative: the guard cannot tell which folder the executor resolves it in'],
    ['a dot-dot below what exists', 'fs', { path: '/OUT/new/../../etc' }, 'has ".." below what exists'],
    ['a path that is not a string', 'fs', { path: 7 }, '/path is 7, not a path'],
  ])('%s', async (_what, tool, value, text) => {
    const check = await createPathCheck({ roots: [ws], arguments: [{ tools: ['fs'], pointers: ['/path'] }] })
    const v = JSON.parse(JSON.stringify(value).replace('/OUT', join(ws, 'out'))) as Record<string, unknown>
    await expect(check(call(tool, v))).rejects.toMatchObject({ code: 'ERR_GUARD_PATH_OUTSIDE', message: expect.stringContaining(text) })
  })

  it('a mount inside a root: /proc under / is another file system', async () => {
    const check = await createPathCheck({ roots: ['/'], arguments: [{ tools: ['*'], pointers: ['/path'] }] })
    await expect(check(call('fs', { path: '/proc/version' }))).rejects.toMatchObject({ code: 'ERR_GUARD_PATH_OUTSIDE', message: expect.stringContaining('crosses onto another mount at /proc/version') })
  })

  it('checks only the tools and pointers named: another tool, or a missing argument, passes', async () => {
    const check = await createPathCheck({ roots: [join(ws, 'out')], arguments: [{ tools: ['fs.*'], pointers: ['/path'] }] })
    await expect(check(call('http.fetch', { path: '/etc/passwd' }))).resolves.toBeUndefined()
    await expect(check(call('fs.read', { other: '/etc/passwd' }))).resolves.toBeUndefined()
    await expect(check(call('fs.read', { path: '/etc/passwd' }))).rejects.toMatchObject({ code: 'ERR_GUARD_PATH_OUTSIDE' })
  })
})
