import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import type { CommandSpec } from '../../src/cli/command.js'
import { COMMANDS } from '../../src/cli/main.js'
import { runCli } from '../helpers/cli.js'
import type { Run } from '../helpers/cli.js'

const BIN = fileURLToPath(new URL('../../bin/verbatim', import.meta.url))

const run = (argv: string[]): Promise<Run> => runCli(argv)

/** Every command and subcommand path, walked from COMMANDS: a new one is covered without editing this file. */
async function allPaths(): Promise<string[][]> {
  const out: string[][] = []
  const walk = async (path: string[], spec: CommandSpec): Promise<void> => {
    out.push(path)
    for (const [name, load] of Object.entries(spec.subcommands ?? {})) await walk([...path, name], await load())
  }
  for (const [name, entry] of Object.entries(COMMANDS)) await walk([name], await entry.load())
  return out
}

const paths = await allPaths()
const cases = paths.flatMap((p) => [[p.join(' '), '--help'], [p.join(' '), '-h']] as const)

describe('--help on every command and subcommand', () => {
  it('walks every command of COMMANDS and their subcommands', () => {
    expect(paths.map((p) => p.join(' '))).toEqual(expect.arrayContaining([
      'serve', 'guard', 'demo', 'canonical', 'keys', 'keys generate', 'config schema', 'config check',
      'policy check', 'policy test', 'policy explain', 'policy schema',
      'audit verify', 'audit reconcile', 'audit tail', 'audit export', 'docs generate', 'docs check',
    ]))
  })

  it.each(cases)('verbatim %s %s prints its own usage to stdout and exits 0', async (path, flag) => {
    const r = await run([...path.split(' '), flag])
    expect(r.err).toBe('')
    expect(r.code).toBe(0)
    expect(r.out).toMatch(new RegExp(`^usage: verbatim ${path.replaceAll('.', '\\.')}( |\\n)`))
  })

  it.each(paths.filter((p) => p.length > 1 || ['serve', 'guard', 'demo', 'canonical'].includes(p[0] as string)).map((p) => p.join(' ')))(
    'verbatim %s ARG --help is help too, not ARG read as a file, flag or subcommand', async (path) => {
      const r = await run([...path.split(' '), 'no-such-file.json', '--help'])
      expect(r.code).toBe(0)
      expect(r.out).toMatch(/^usage: verbatim /)
    },
  )

  it('leaves --help after -- to the guarded command', async () => {
    const r = await run(['guard', '--', 'node', '--help'])
    expect(r.out).not.toMatch(/^usage:/)
  })

  it('prints the top-level usage for verbatim --help and exits 0; no command at all exits 2', async () => {
    const help = await run(['--help'])
    expect(help.code).toBe(0)
    expect(help.out).toMatch(/^usage: verbatim <command>/)
    const none = await run([])
    expect(none.code).toBe(2)
    expect(none.err).toMatch(/^usage: verbatim <command>/)
  })

  it('exits 2 with the group usage on stderr for a missing or unknown subcommand', async () => {
    for (const argv of [['policy'], ['audit', 'frobnicate'], ['keys', 'rotate'], ['docs']]) {
      const r = await run(argv)
      expect(r.code).toBe(2)
      expect(r.out).toBe('')
      expect(r.err).toContain(`usage: verbatim ${argv[0]}`)
    }
  })

  it('prints a sub-subcommand usage from the built CLI (bin/verbatim audit verify --help)', () => {
    const r = spawnSync(process.execPath, [BIN, 'audit', 'verify', '--help'])
    expect(r.status).toBe(0)
    expect(r.stdout.toString()).toMatch(/^usage: verbatim audit verify FILE\|DIR/)
    expect(r.stderr.toString()).toBe('')
  })
})
