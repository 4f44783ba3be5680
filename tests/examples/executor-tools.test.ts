/** The example executor's tools on a real workspace: shell.run runs a command string with /bin/sh -c in a workspace directory, never outside it. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runTool } from '../../examples/executor/tools.js'
import { ToolError } from '../../examples/executor/workspace.js'

let workspace = ''
beforeAll(async () => {
  workspace = await mkdtemp(join(tmpdir(), 'verbatim-tools-'))
  await mkdir(join(workspace, 'src'))
  await writeFile(join(workspace, 'src', 'main.ts'), '// TODO one\n// TODO two\nconst x = 1\n')
})
afterAll(async () => {
  await rm(workspace, { recursive: true, force: true })
})

const status = async (p: Promise<unknown>): Promise<number> => p.then(() => 0, (e: unknown) => (e instanceof ToolError ? e.status : -1))

describe('example executor: shell.run', () => {
  it('runs the command string with /bin/sh -c in the given workspace directory', async () => {
    const r = await runTool('shell.run', { command: 'grep -c TODO main.ts | tr -d " "', cwd: '/workspace/src' }, { workspace })
    expect(r).toMatchObject({ exitCode: 0, stdout: '2\n', timedOut: false, truncated: false })
  })

  it('refuses a directory outside the workspace, a missing one, and an empty command', async () => {
    expect(await status(runTool('shell.run', { command: 'ls', cwd: '/workspace/../..' }, { workspace }))).toBeGreaterThanOrEqual(400)
    expect(await status(runTool('shell.run', { command: 'ls', cwd: '/workspace/nope' }, { workspace }))).toBeGreaterThanOrEqual(400)
    expect(await status(runTool('shell.run', { command: '', cwd: '/workspace' }, { workspace }))).toBe(400)
  })

  it('stops a command at its deadline', async () => {
    const r = await runTool('shell.run', { command: 'sleep 5', cwd: '/workspace', timeoutMs: 50 }, { workspace })
    expect(r).toMatchObject({ timedOut: true, exitCode: null, signal: 'SIGKILL' })
  })
})
