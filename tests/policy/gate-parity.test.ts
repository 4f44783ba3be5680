/**
 * `policy explain` and policy tests refuse exactly what the gate refuses, with the same code: each
 * body below goes to a real gate app (app.request) and through `verbatim policy explain --config`
 * with a config of the same limits, and the codes must agree.
 */
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { canonicalArguments, compilePolicy, loadPolicyParsers, runPolicyTests } from '../../src/policy/index.js'
import { POLICY, call, harness } from '../gate/harness.js'
import { runCli } from '../helpers/cli.js'
import type { Run } from '../helpers/cli.js'

const dir = await mkdtemp(join(tmpdir(), 'verbatim-parity-'))
await writeFile(join(dir, 'policy.yaml'), POLICY)
const CONFIG = join(dir, 'verbatim.yaml')
// The harness gate reads bodies up to 4096 bytes with the default strict-parse profile.
await writeFile(CONFIG, [
  'policies: [policy.yaml]',
  'agents: [{ id: coder, token: { env: CODER_TOKEN } }]',
  'upstreams: [{ name: sandbox, url: "http://127.0.0.1:9", audience: sandbox-1 }]',
  'routes: [{ tools: ["fs.*"], upstream: sandbox }]',
  'signing: { keyFile: unused.pem }',
  'limits: { maxBodyBytes: 4096 }',
  '',
].join('\n'))

const enc = (s: string): Uint8Array => new TextEncoder().encode(s)
const BODIES: [string, Uint8Array, string][] = [
  ['an empty body', enc(''), 'ERR_INTAKE_EMPTY_BODY'],
  ['only whitespace', enc(' \n'), 'ERR_CANONICAL_EMPTY'],
  ['an array', enc('[{"path":"/workspace/a"}]'), 'ERR_INTAKE_NOT_OBJECT'],
  ['a string', enc('"/workspace/a"'), 'ERR_INTAKE_NOT_OBJECT'],
  ['null', enc('null'), 'ERR_INTAKE_NOT_OBJECT'],
  ['a duplicate key', enc('{"path":"/workspace/a","path":"/etc/passwd"}'), 'ERR_CANONICAL_DUPLICATE_KEY'],
  ['a duplicate key spelled with an escape', enc('{"path":"/workspace/a","\\u0070ath":"/etc/passwd"}'), 'ERR_CANONICAL_DUPLICATE_KEY'],
  ['case-colliding keys', enc('{"path":"/workspace/a","Path":"/etc/passwd"}'), 'ERR_CANONICAL_CASE_COLLISION'],
  ['a __proto__ key', enc('{"path":"/workspace/a","__proto__":{}}'), 'ERR_CANONICAL_PROTO_KEY'],
  ['a byte order mark', enc('\uFEFF{"path":"/workspace/a"}'), 'ERR_CANONICAL_BOM'],
  ['bytes that are not UTF-8', new Uint8Array([0x7b, 0x22, 0x70, 0x22, 0x3a, 0x22, 0xc0, 0xaf, 0x22, 0x7d]), 'ERR_CANONICAL_UTF8'],
  ['a lone surrogate', enc('{"path":"/workspace/\\ud800"}'), 'ERR_CANONICAL_LONE_SURROGATE'],
  ['a number that loses precision', enc('{"path":"/workspace/a","n":9007199254740993}'), 'ERR_CANONICAL_NUMBER_PRECISION'],
  ['trailing data', enc('{"path":"/workspace/a"} {}'), 'ERR_CANONICAL_TRAILING'],
  ['nesting deeper than 64', enc(`{"path":"/workspace/a","x":${'['.repeat(64)}${']'.repeat(64)}}`), 'ERR_CANONICAL_DEPTH'],
  ['a body over the limit', enc(`{"path":"/workspace/${'a'.repeat(4096)}"}`), 'ERR_INTAKE_TOO_LARGE'],
  ['a secrets path', enc('{"path":"/workspace/.env"}'), 'ERR_POLICY_DENIED'],
  ['a path outside the workspace', enc('{"path":"/etc/passwd"}'), 'ERR_POLICY_NO_MATCH'],
]

const explain = (body: Uint8Array): Promise<Run> =>
  runCli(['policy', 'explain', '--config', CONFIG, '--agent', 'coder', '--tool', 'fs.read', '-'], { stdin: body })

describe('the gate, policy explain and canonicalArguments refuse alike', () => {
  it.each(BODIES)('%s: the gate answers %s, and so do explain and canonicalArguments', async (_what, body, code) => {
    const h = await harness()
    const res = await call(h, 'fs.read', body)
    const problem = (await res.json()) as { code: string; status: number }
    expect(problem.code).toBe(code)
    expect(h.sent).toEqual([])

    const r = await explain(body)
    const printed = JSON.parse(r.out) as { decision: string; code: string; status?: number }
    expect(printed.code).toBe(code)
    if (code.startsWith('ERR_POLICY_')) {
      expect(r.code).toBe(0)
      expect(printed.decision).toBe('deny')
    } else {
      expect(r.code).toBe(1)
      expect(printed).toMatchObject({ decision: 'reject', status: res.status })
      expect(r.err).toMatch(new RegExp(`^${code}: `))
      expect(() => canonicalArguments(body, h.deps.canonical)).toThrow(expect.objectContaining({ code }))
    }
    await h.audit.close()
  })
})

// The language matchers decide in the gate, in `policy explain` and in `policy test` alike: the
// PostgreSQL parser is loaded once at policy load in each, then called synchronously.
const LANG_POLICY = `
rules:
  - id: sh
    effect: allow
    agents: [coder]
    tools: [fs.read]
    when: [{ pointer: /command, shell: { cwd: /cwd, each: { pointer: /paths, each: { pointer: "", pathUnder: /workspace } } } }]
  - { id: db, effect: allow, agents: [coder], tools: [fs.list], when: [{ pointer: /query, sql: { readOnly: true } }] }
  - id: no-git-push
    effect: deny
    agents: [coder]
    tools: [fs.read]
    when: [{ pointer: /command, shell: { some: { pointer: /argv/1, equals: push } } }]
    message: no pushing from here
`
const LANG: [string, string, string, 'allow' | 'deny'][] = [
  ['a command in the workspace', 'fs.read', '{"command":"cat src/a.ts","cwd":"/workspace"}', 'allow'],
  ['a dot-dot operand', 'fs.read', '{"command":"cat ../../etc/shadow","cwd":"/workspace"}', 'deny'],
  ['a sequence the deny cannot read', 'fs.read', '{"command":"cat a; git push","cwd":"/workspace"}', 'deny'],
  ['a read-only SELECT', 'fs.list', '{"query":"SELECT 1"}', 'allow'],
  ['set_config in a SELECT', 'fs.list', '{"query":"SELECT set_config(\'a\',\'b\',false)"}', 'deny'],
]

describe('the gate, policy explain and policy test decide alike with the language matchers', () => {
  it.each(LANG)('%s', async (_what, tool, body, decision) => {
    await loadPolicyParsers()
    const policy = compilePolicy([{ path: 'lang.yaml', text: LANG_POLICY }])
    const h = await harness({ policy: () => policy })
    const res = await call(h, tool, body)
    expect(res.status).toBe(decision === 'allow' ? 200 : 403)
    const gate = decision === 'allow' ? 'allow' : ((await res.json()) as { code: string }).code

    const file = join(dir, 'lang.yaml')
    await writeFile(file, LANG_POLICY)
    const r = await runCli(['policy', 'explain', '--policy', file, '--agent', 'coder', '--tool', tool, '-'], { stdin: enc(body) })
    const printed = JSON.parse(r.out) as { decision: string; code?: string }
    expect(printed.decision === 'allow' ? 'allow' : printed.code).toBe(gate)

    const cases = compilePolicy([{ path: 'lang.yaml', text: LANG_POLICY }, { path: 'case.yaml', text: `tests:\n  - { agent: coder, tool: ${tool}, raw: '${body.replaceAll("'", "''")}', decision: ${decision} }\n` }])
    expect(runPolicyTests(cases).map((c) => c.passed)).toEqual([true])
    await h.audit.close()
  })
})
