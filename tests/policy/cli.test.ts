import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../helpers/cli.js'
import type { Run } from '../helpers/cli.js'

const ROOT = new URL('../../', import.meta.url).pathname
const POLICIES = join(ROOT, 'policies')

const run = (args: string[], stdin = ''): Promise<Run> => runCli(args, { stdin })

let dir = ''
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'verbatim-policy-cli-')) })
afterAll(async () => { await rm(dir, { recursive: true, force: true }) })

describe('verbatim policy check', () => {
  it('prints the digest and exits 0 for the example policies', async () => {
    const r = await run(['policy', 'check', POLICIES])
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/^ok: \d+ rules in 5 files\ndigest: [0-9a-f]{64}\nnot checked: [^\n]*\n$/)
  })

  it('prints each fault as file:line:col and exits 1', async () => {
    const file = join(dir, 'bad.yaml')
    await writeFile(file, 'rules:\n  - id: r1\n    effect: allow\n    agents: [a]\n    tools: [t]\n    when:\n      - { pointer: /x, pattern: "(" }\n')
    const r = await run(['policy', 'check', file])
    expect(r.code).toBe(1)
    expect(r.out).toMatch(new RegExp(`^${file}:7:33: rules\\.0\\.when\\.0\\.pattern: not a valid RE2 pattern`, 'm'))
    expect(r.out.trimEnd().split('\n').at(-1)).toBe('1 fault')
  })
})

describe('verbatim policy test', () => {
  it('passes every example case and ends with "N passed, 0 failed"', async () => {
    const r = await run(['policy', 'test', POLICIES])
    expect(r.code).toBe(0)
    const lines = r.out.trimEnd().split('\n')
    expect(lines.at(-1)).toMatch(/^\d+ passed, 0 failed$/)
    expect(lines.slice(0, -1).every((l) => l.startsWith('pass '))).toBe(true)
    expect(Number(lines.at(-1)?.split(' ')[0])).toBe(lines.length - 1)
  })

  it('prints a FAIL line per failing case and exits 1', async () => {
    const file = join(dir, 'failing.yaml')
    await writeFile(file, [
      'rules:',
      '  - { id: r1, effect: allow, agents: [a], tools: [t], when: [{ pointer: /n, max: 3 }] }',
      '  - { id: other, effect: allow, agents: [b], tools: [t] }',
      'tests:',
      '  - { name: small, agent: a, tool: t, args: { n: 1 }, decision: allow, rule: r1 }',
      '  - { name: wrong, agent: a, tool: t, args: { n: 9 }, decision: allow }',
      '  - { name: wrong rule, agent: a, tool: t, args: { n: 1 }, decision: allow, rule: r2 }',
      '  - { name: other rule, agent: a, tool: t, args: { n: 1 }, decision: allow, rule: other }',
      '',
    ].join('\n'))
    const r = await run(['policy', 'test', file])
    expect(r.code).toBe(1)
    expect(r.out).toBe([
      `pass ${file}#1 small: allow by r1`,
      `FAIL ${file}#2 wrong: expected allow, got deny (ERR_POLICY_NO_MATCH)`,
      `FAIL ${file}#3 wrong rule: ${file}:7:83: tests.2.rule: no rule has the id 'r2'; did you mean 'r1'?`,
      `FAIL ${file}#4 other rule: expected rule other, got allow by r1`,
      '1 passed, 3 failed',
      '',
    ].join('\n'))
  })

  it('counts a policy that does not load as failed', async () => {
    const file = join(dir, 'broken.yaml')
    await writeFile(file, 'rules: {}\n')
    const r = await run(['policy', 'test', file])
    expect(r.code).toBe(1)
    expect(r.out.trimEnd().split('\n').at(-1)).toBe('0 passed, 1 failed')
  })
})

describe('verbatim policy explain', () => {
  const base = ['policy', 'explain', '--policy', POLICIES, '--agent', 'coder', '--tool', 'fs.read']

  it('prints the decision JSON for arguments on stdin', async () => {
    const r = await run([...base, '-'], '{"path":"/workspace/src/a.ts"}')
    expect(r.code).toBe(0)
    const d = JSON.parse(r.out) as { decision: string; ruleIds: string[]; policyDigest: string }
    expect(d).toMatchObject({ decision: 'allow', ruleIds: ['fs-read-workspace'] })
    expect(d.policyDigest).toMatch(/^[0-9a-f]{64}$/)
  })

  it('reads arguments from a file', async () => {
    const file = join(dir, 'args.json')
    await writeFile(file, '{"path":"/workspace/.env"}')
    const d = JSON.parse((await run([...base, file])).out) as { decision: string; code: string }
    expect(d).toMatchObject({ decision: 'deny', code: 'ERR_POLICY_DENIED' })
  })

  it('refuses arguments the canonical core refuses (duplicate key), exit 1', async () => {
    const r = await run([...base, '-'], '{"path":"/workspace/a","path":"/etc/passwd"}')
    expect(r.code).toBe(1)
    expect(r.err).toMatch(/^ERR_CANONICAL_DUPLICATE_KEY/)
  })

  it('refuses a body that is not an object, as the gate does, where a rule with no conditions would allow', async () => {
    const file = join(dir, 'any.yaml')
    await writeFile(file, 'rules:\n  - { id: any, effect: allow, agents: [a], tools: [t] }\n')
    for (const [body, code] of [['[1]', 'ERR_INTAKE_NOT_OBJECT'], ['"x"', 'ERR_INTAKE_NOT_OBJECT'], ['', 'ERR_INTAKE_EMPTY_BODY']] as const) {
      const r = await run(['policy', 'explain', '--policy', file, '--agent', 'a', '--tool', 't', '-'], body)
      expect(r.code).toBe(1)
      expect(JSON.parse(r.out)).toMatchObject({ decision: 'reject', code, status: 400 })
      expect(r.err).toMatch(new RegExp(`^${code}: `))
    }
    expect(JSON.parse((await run(['policy', 'explain', '--policy', file, '--agent', 'a', '--tool', 't', '-'], '{}')).out)).toMatchObject({ decision: 'allow' })
  })

  it('refuses a tool name the gate\'s path refuses', async () => {
    const r = await run(['policy', 'explain', '--policy', POLICIES, '--agent', 'coder', '--tool', 'FS.read', '-'], '{"path":"/workspace/a"}')
    expect(r.code).toBe(1)
    expect(JSON.parse(r.out)).toMatchObject({ decision: 'reject', code: 'ERR_INTAKE_BAD_PATH' })
  })

  it('uses the strict-parse profile of --config: a gate that allows case-variant keys is explained as one', async () => {
    const cfg = join(dir, 'lenient.yaml')
    await writeFile(cfg, [
      `policies: [${POLICIES}]`,
      'agents: [{ id: coder, token: { env: T } }]',
      'upstreams: [{ name: s, url: "http://127.0.0.1:9", audience: s }]',
      'routes: [{ tools: ["*"], upstream: s }]',
      'signing: { keyFile: k.pem }',
      'canonical: { rejectCaseCollisions: false }',
      '',
    ].join('\n'))
    const body = '{"path":"/workspace/a","PATH":"x"}'
    const lenient = await run(['policy', 'explain', '--config', cfg, '--agent', 'coder', '--tool', 'fs.read', '-'], body)
    expect(lenient.code).toBe(0)
    expect(JSON.parse(lenient.out)).toMatchObject({ decision: 'allow' })
    const strict = await run([...base, '-'], body)
    expect(JSON.parse(strict.out)).toMatchObject({ decision: 'reject', code: 'ERR_CANONICAL_CASE_COLLISION' })
  })

  it('exits 2 when the policy does not load or the arguments file cannot be read', async () => {
    expect((await run(['policy', 'explain', '--policy', join(dir, 'none.yaml'), '--agent', 'a', '--tool', 't', '-'], '{}')).code).toBe(2)
    const r = await run([...base, join(dir, 'missing.json')])
    expect(r.code).toBe(2)
    expect(r.err).toContain('cannot read')
  })

  it('exits 2 without --agent', async () => {
    expect((await run(['policy', 'explain', '--policy', POLICIES, '--tool', 'fs.read'])).code).toBe(2)
  })
})

describe('verbatim policy schema', () => {
  it('prints the JSON Schema committed as docs/policy.schema.json', async () => {
    const r = await run(['policy', 'schema'])
    expect(r.code).toBe(0)
    expect(r.out).toBe(await readFile(join(ROOT, 'docs/policy.schema.json'), 'utf8'))
    const schema = JSON.parse(r.out) as { $defs: Record<string, { oneOf?: unknown[] }> }
    expect(schema.$defs.Condition?.oneOf).toHaveLength(27)
  })

  it('exits 2 on an unknown subcommand', async () => {
    const r = await run(['policy', 'frobnicate'])
    expect(r.code).toBe(2)
    expect(r.err).toContain("verbatim policy: unknown subcommand 'frobnicate'")
  })
})

describe('bin/verbatim policy (child process)', () => {
  it('runs the example policy tests from the built CLI', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [join(ROOT, 'bin/verbatim'), 'policy', 'test', 'policies/'], { cwd: ROOT })
    expect(stdout.trimEnd().split('\n').at(-1)).toMatch(/^\d+ passed, 0 failed$/)
  })

  it('exits 1 on a failing check', async () => {
    const file = join(dir, 'dup.yaml')
    await writeFile(file, 'rules: []\nrules: []\n')
    const err = await promisify(execFile)(process.execPath, [join(ROOT, 'bin/verbatim'), 'policy', 'check', file], { cwd: ROOT }).catch((e: { code: number; stdout: string }) => e)
    expect(err).toMatchObject({ code: 1 })
    expect((err as { stdout: string }).stdout).toContain(`${file}:2:1:`)
  })
})
