/**
 * What the command line says when it is used wrong (issue 18 item 4): --version, the option or
 * command a typo was meant to be, the required option that is missing, a missing path said without
 * an invented position; and the documented exit statuses (2 for usage and config faults).
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { runCli } from '../helpers/cli.js'

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version

describe('command line messages', () => {
  it.each([['--version'], ['-V'], ['version']])('%s prints the package version (exit 0)', async (flag) => {
    // Before: "verbatim: unknown command '--version'" and the usage, exit 2.
    expect(await runCli([flag])).toMatchObject({ code: 0, out: `verbatim ${VERSION}\n`, err: '' })
  })

  it.each([
    [['serve', '--confg', 'x.yaml'], "verbatim serve: unknown option '--confg'; did you mean '--config'?"],
    [['keys', 'generate', '--dri', 'k'], "verbatim keys generate: unknown option '--dri'; did you mean '--dir'?"],
    [['policy', 'check', '--confg=v.yaml'], "verbatim policy check: unknown option '--confg'; did you mean '--config'?"],
    [['guard', '--audiance', 'a'], "verbatim guard: unknown option '--audiance'; did you mean '--audience'?"],
    [['serve', '--frobnicate'], "verbatim serve: unknown option '--frobnicate'"],
    [['serv'], "verbatim: unknown command 'serv'; did you mean 'serve'?"],
    [['--verison'], "verbatim: unknown option '--verison'; did you mean '--version'?"],
    [['audit', 'verfy'], "verbatim audit: unknown subcommand 'verfy'; did you mean 'verify'?"],
  ])('verbatim %j says what was meant (exit 2)', async (argv, line) => {
    const r = await runCli(argv)
    expect(r.code).toBe(2)
    expect(r.err.split('\n')[0]).toBe(line)
    expect(r.err).toContain('usage: verbatim')
  })

  it.each([
    [['keys', 'generate'], 'verbatim keys generate: --dir is required: DIR, the directory the key files go to (made if missing)'],
    [['mcp-bridge', '--server', 'fs'], 'verbatim mcp-bridge: --gate is required: URL, the gate (e.g. http://127.0.0.1:8080)'],
    [['policy', 'explain', '--policy', 'policies', '--tool', 'fs.read'], 'verbatim policy explain: --agent is required: ID, the agent that makes the call'],
    [['serve', '--config'], 'verbatim serve: --config needs a value'],
  ])('verbatim %j names the missing option (exit 2)', async (argv, line) => {
    // Before: the usage text alone, or "argument missing" in parseArgs' words.
    const r = await runCli(argv)
    expect(r.code).toBe(2)
    expect(r.err.split('\n')[0]).toBe(line)
  })

  it('a missing policy path says so, without an invented 1:1', async () => {
    // Before: "nodir:1:1: ENOENT: no such file or directory, stat 'nodir'".
    const r = await runCli(['policy', 'check', 'nodir'])
    expect(r.code).toBe(1)
    expect(r.out).toBe('nodir: no such file or directory\n1 fault\n')
  })

  it('a missing config file says so, and exits 2 like every config fault', async () => {
    // Before: "ERR_CONFIG_INVALID: nofile.yaml: cannot read config (ENOENT)", exit 1.
    const r = await runCli(['config', 'check', 'nofile.yaml'])
    expect(r.code).toBe(2)
    expect(r.err).toBe('nofile.yaml: no such file or directory\nverbatim config check: nofile.yaml: 1 fault (exit 2)\n')
  })
})

describe('documented exit statuses', () => {
  it('the README lists exactly the statuses the commands use (src/cli/faults.ts EXIT)', async () => {
    const { EXIT } = await import('../../src/cli/faults.js')
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
    const table = readme.slice(readme.indexOf('| exit | meaning |'))
    const documented = [...table.matchAll(/^\| (\d+) \| /gm)].map((m) => Number(m[1]))
    expect(documented).toEqual(Object.values(EXIT))
  })
})

describe('a guard config that is not there', () => {
  it('says so without a position, and exits 2', async () => {
    const r = await runCli(['guard', 'config', 'check', 'noguard.yaml'])
    expect(r.code).toBe(2)
    expect(r.err).toBe('noguard.yaml: no such file or directory\nverbatim guard config check: noguard.yaml: 1 fault (exit 2)\n')
  })
})
