/**
 * `verbatim config check` runs every check `verbatim serve` runs before it listens (issue 18 item 4):
 * a config the gate refuses is never "ok". Both print the faults for a person on stderr, one a line,
 * at file:line:col with the fix, and exit 2; the gate's start-up warnings are pino lines at warn level.
 */
import { spawn } from 'node:child_process'
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../helpers/cli.js'
import { BIN, ROOT } from '../e2e/procs.js'

let dir = ''
let key = ''
const TOKEN = 'check-token-0123456789abcdef'

/** A gate config in `dir`: the repository's policies, keys/<kid>.key.pem, and what `extra` adds. */
async function config(name: string, over: { token?: string; key?: string; extra?: string } = {}): Promise<string> {
  const file = join(dir, `${name}.yaml`)
  await writeFile(file, [
    'listen: { host: 127.0.0.1, port: 0 }',
    'policies: [policies/]',
    'agents:',
    `  - { id: coder, token: { env: ${over.token ?? 'CHECK_CODER_TOKEN'} } }`,
    '  - { id: reviewer, token: { env: CHECK_REVIEWER_TOKEN } }',
    'upstreams:',
    '  - { name: sandbox, url: "http://127.0.0.1:9", audience: sandbox-1 }',
    'routes:',
    '  - { tools: ["fs.*", shell.exec, http.fetch], upstream: sandbox }',
    `signing: { keyFile: ${over.key ?? key} }`,
    `audit: { dir: audit-${name} }`,
    'probe: { intervalMs: 0 }',
    over.extra ?? '',
  ].join('\n'))
  return file
}

const ENV = { CHECK_CODER_TOKEN: TOKEN, CHECK_REVIEWER_TOKEN: `${TOKEN}-r` }

/** `bin/verbatim ARGS` as a real process (what an operator runs): its exit status and output. */
function bin(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    child.on('exit', (code) => resolve({ code, out, err }))
  })
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'verbatim-check-serve-'))
  await cp(join(ROOT, 'policies'), join(dir, 'policies'), { recursive: true })
  const made = await runCli(['keys', 'generate', '--dir', join(dir, 'keys')])
  key = /^private (.+)$/m.exec(made.out)?.[1] ?? ''
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('config check runs what serve runs', () => {
  it('refuses an unset token variable and a missing key file, both at once, where the config says them', async () => {
    // Before: `config check` printed "ok" (exit 0), and serve refused at the first of them.
    const file = await config('unset', { token: 'CHECK_UNSET_TOKEN', key: 'keys/nope.key.pem' })
    const check = await runCli(['config', 'check', file], { env: ENV })
    expect(check.code).toBe(2)
    expect(check.out).toBe('')
    expect(check.err.split('\n')).toEqual([
      `${file}:4:32: agents.0.token.env: agent 'coder': CHECK_UNSET_TOKEN is not set; export CHECK_UNSET_TOKEN with the agent's bearer token (16 characters or more, e.g. openssl rand -hex 32) before the gate starts`,
      `${file}:10:21: signing.keyFile: ERR_BINDING_KEY: cannot read signing key ${join(dir, 'keys/nope.key.pem')} (ENOENT); verbatim keys generate --dir DIR writes one (it prints the path)`,
      `verbatim config check: ${file}: 2 faults (exit 2)`,
      '',
    ])
    const serve = await bin(['serve', '--config', file], ENV)
    expect(serve.code).toBe(2)
    // The same lines, for a person: not a JSON string with the faults joined inside it.
    const lines = serve.err.split('\n')
    expect(lines.slice(0, 2)).toEqual(check.err.split('\n').slice(0, 2))
    expect(lines[2]).toBe(`verbatim serve: the gate did not start (${file}): 2 faults (exit 2)`)
    // A log collector gets them once, structured, at fatal level.
    const json = lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { level: number; msg: string; faults: unknown[] })
    expect(json.map((j) => [j.level, j.msg, j.faults.length])).toEqual([[60, 'verbatim gate: not started', 2]])
  })

  it('refuses an unreadable policy path, an unreadable receipts key set and an audit directory it cannot make', async () => {
    await writeFile(join(dir, 'afile'), 'not a directory\n')
    const file = await config('files', {
      extra: 'mcp: { servers: [] }',
    })
    const body = (await readFile(file, 'utf8'))
      .replace('policies: [policies/]', 'policies: [nopolicies/]')
      .replace('audience: sandbox-1 }', 'audience: sandbox-1, receipts: { jwksFile: nokeys/jwks.json } }')
      .replace('audit: { dir: audit-files }', 'audit: { dir: afile/approved }')
    await writeFile(file, body)
    const check = await runCli(['config', 'check', file], { env: ENV })
    expect(check.code).toBe(2)
    const faults = check.err.split('\n').slice(0, -2)
    expect(faults.map((l) => l.split(': ').slice(0, 2).join(': '))).toEqual([`${file}:2:12: policies.0`, `${file}:7:92: upstreams.0.receipts.jwksFile`, `${file}:11:15: audit.dir`])
    expect(faults[0]).toContain(`${join(dir, 'nopolicies')}: no such file or directory`)
    expect(faults[2]).toContain(`${join(dir, 'afile/approved')} cannot be made: ${join(dir, 'afile')} is not a directory`)
  })

  it('answers ok for a config serve starts with, and prints the warnings serve logs', async () => {
    const file = await config('good')
    const check = await runCli(['config', 'check', file], { env: ENV })
    expect([check.code, check.out]).toEqual([0, 'ok\n'])
    expect(check.err).toContain("warning: WARNING: upstream 'sandbox' has no receipts key set")
    expect(await readdir(dir)).not.toContain('audit-good')
  })
})

describe('serve says its warnings at warn level', () => {
  it('logs the upstream and policy warnings as pino level 40 lines', async () => {
    const file = await config('warn', { extra: '' })
    await writeFile(file, (await readFile(file, 'utf8')).replace('  - { id: reviewer, token: { env: CHECK_REVIEWER_TOKEN } }\n', ''))
    const child = spawn(process.execPath, [BIN, 'serve', '--config', file], { cwd: dir, env: { PATH: process.env.PATH ?? '', ...ENV }, stdio: ['ignore', 'pipe', 'pipe'] })
    let err = ''
    await new Promise<void>((resolve, reject) => {
      child.stderr.on('data', (d: Buffer) => {
        err += d.toString()
        if (err.includes('verbatim gate: listening on')) resolve()
      })
      child.on('exit', (code) => reject(new Error(`serve exited ${code}:\n${err}`)))
    })
    child.kill('SIGTERM')
    await new Promise((r) => child.on('exit', r))
    const lines = err.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { level: number; msg: string })
    const warnings = lines.filter((l) => /WARNING|policy warning/.test(l.msg))
    expect(warnings.length).toBeGreaterThanOrEqual(2)
    expect(warnings.some((w) => w.msg.includes("unknown agent 'reviewer'"))).toBe(true)
    for (const w of warnings) expect(w.level).toBe(40)
  })
})
