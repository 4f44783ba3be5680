/**
 * Lint that catches unsafe and dead policy (issue 20, item 3). Before this, `policy check` passed
 * every policy below ("ok: N rules"); now each finding comes at file:line:col with the fix, and what
 * cannot be decided exactly is counted as "not checked", never "ok".
 */
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { formatFault } from '../../src/config/index.js'
import { lintRules } from '../../src/policy/index.js'
import { runCli } from '../helpers/cli.js'

const lint = (text: string): string[] => lintRules([{ path: 'p.yaml', text }]).faults.map(formatFault)
const rule = (id: string, effect: string, when: string, extra = ''): string => `  - { id: ${id}, effect: ${effect}, agents: [a], tools: [t]${extra}, when: [${when}] }\n`

describe('lint: text tests on paths and URLs', () => {
  it('prefix on a path admits a sibling and a dot-dot: pathUnder is the fix', () => {
    expect(lint(`rules:\n${rule('w', 'allow', '{ pointer: /path, prefix: /workspace/tmp }')}`)).toEqual([
      'p.yaml:2:87: rules.0.when.0.prefix: prefix "/workspace/tmp" on /path compares characters, not path segments: it admits /workspace/tmpx and /workspace/tmp/../etc; write { pointer: /path, pathUnder: /workspace/tmp }',
    ])
  })

  it('an anchored pattern on a path, and a prefix with a host on a URL', () => {
    const out = lint(`rules:\n${rule('w', 'allow', "{ pointer: /file, pattern: '^/workspace/' }, { pointer: /url, prefix: 'https://api.github.com' }")}`)
    expect(out).toEqual([
      expect.stringContaining('rules.0.when.0.pattern: pattern "^/workspace/" on /file compares characters, not path segments: it admits /workspacex and /workspace/../etc; write { pointer: /file, pathUnder: /workspace }'),
      expect.stringContaining('rules.0.when.1.prefix: prefix "https://api.github.com" on /url compares characters, not the host a URL parser reads: it admits https://api.github.com.evil.io/ and https://api.github.com@evil.io/; write { pointer: /url, url: { hosts: [api.github.com] } } (or urlHost)'),
    ])
  })

  it('says nothing of a prefix that is only a scheme, or a secrets pattern that is not a containment test', () => {
    expect(lint(`rules:\n${rule('w', 'allow', "{ pointer: /url, prefix: 'https://' }, { pointer: /path, pattern: '(^|/)\\.env$' }")}`)).toEqual([])
  })

  it('reads the format of the tool input schema: a uri-format field is a URL whatever its name', () => {
    const tools = [{ name: 't', source: 'x', inputSchema: { type: 'object', properties: { target: { type: 'string', format: 'uri' } } } }]
    const out = lintRules([{ path: 'p.yaml', text: `rules:\n${rule('w', 'allow', "{ pointer: /target, prefix: 'https://example.com' }")}` }], tools).faults
    expect(out.map((f) => f.message)).toEqual([expect.stringContaining('on /target compares characters, not the host a URL parser reads')])
  })
})

describe('lint: host patterns that never decide or never match', () => {
  it('an entry another entry already matches', () => {
    expect(lint(`rules:\n${rule('h', 'allow', '{ pointer: /url, urlHost: ["*.github.com", api.github.com, "*.github.com"] }')}`).map((l) => l.replace(/^p\.yaml:\d+:\d+: /, ''))).toEqual([
      'rules.0.when.0.urlHost.1: api.github.com never decides: *.github.com already matches every host it matches; remove it',
      'rules.0.when.0.urlHost.2: *.github.com never decides: *.github.com already matches every host it matches; remove it',
    ])
  })

  it('hosts that the prefix on the same URL rules out', () => {
    expect(lint(`rules:\n${rule('h', 'allow', "{ pointer: /url, prefix: 'https://docs.python.org/' }, { pointer: /url, urlHost: [api.github.com] }")}`).map((l) => l.replace(/^p\.yaml:\d+:\d+: /, ''))).toEqual([
      'rules.0.when.1.urlHost: no host in ["api.github.com"] matches docs.python.org, the only host prefix "https://docs.python.org/" admits: the rule can never match',
    ])
  })
})

describe('lint: contradictions and empty ranges in one rule', () => {
  it.each([
    ['{ pointer: /method, equals: POST }, { pointer: /method, equals: GET }', 'rules.0.when.1.equals: equals "POST" and equals "GET" on /method hold for no value: rule r can never match; fix or remove the condition'],
    ['{ pointer: /n, min: 10 }, { pointer: /n, max: 5 }', 'rules.0.when.1.max: empty range on /n: no number is at least 10 and at most 5: rule r can never match; fix or remove the condition'],
    ['{ pointer: /s, minLength: 8 }, { pointer: /s, maxLength: 4 }', 'rules.0.when.1.maxLength: empty range on /s: no length is at least 8 and at most 4'],
    ['{ pointer: /s, minBytes: 8 }, { allOf: [{ pointer: /s, maxBytes: 4 }] }', 'rules.0.when.1.allOf.0.maxBytes: empty range on /s: no byte count is at least 8 and at most 4'],
    ['{ pointer: /n, type: integer }, { pointer: /n, min: 1.2 }, { pointer: /n, max: 1.8 }', 'empty range on /n: no integer lies in [1.2, 1.8]'],
    ['{ pointer: /x, type: string }, { pointer: /x, max: 3 }', 'the conditions on /x need different types: no value has them all'],
    ['{ pointer: /x, absent: true }, { pointer: /x, type: string }', 'absent on /x and type there hold for no value'],
    ['{ pointer: /m, in: [GET, HEAD] }, { pointer: /m, notIn: [GET, HEAD] }', 'no value in ["GET","HEAD"] meets the other conditions on /m'],
    ['{ pointer: /p, pathUnder: /workspace }, { pointer: /p, pathUnder: /tmp }', 'no path on /p is under both /workspace and /tmp'],
    ['{ pointer: /p, pathUnder: /workspace }, { pointer: /p, prefix: /etc }', 'no path on /p under /workspace starts with "/etc"'],
    ['{ pointer: /u, prefix: "https://" }, { pointer: /u, prefix: "http://" }', 'prefix "https://" and prefix "http://" on /u hold for no string'],
  ])('%s', (when, text) => {
    expect(lint(`rules:\n${rule('r', 'allow', when)}`).join('\n')).toContain(text)
  })

  it('says nothing of conditions that can all hold', () => {
    expect(lint(`rules:\n${rule('r', 'allow', '{ pointer: /n, min: 1 }, { pointer: /n, max: 1 }, { pointer: /p, pathUnder: /workspace }, { pointer: /p, pathUnder: /workspace/src }, { pointer: /m, in: [GET, HEAD] }, { pointer: /m, notIn: [HEAD] }')}`)).toEqual([])
  })
})

describe('lint: an allow a deny always overrides, and a rule another already covers', () => {
  it('a deny that matches every call an allow matches', () => {
    const out = lint(`rules:\n${rule('read', 'allow', '{ pointer: /path, pathUnder: /workspace/secrets }')}${rule('secrets', 'deny', '{ pointer: /path, pathUnder: /workspace }')}`)
    expect(out).toEqual(['p.yaml:2:5: rules.0: allow rule read can never allow: deny rule secrets (p.yaml:3) matches every call it matches; narrow secrets or remove read'])
  })

  it('a deny with no conditions overrides every allow it covers; one on other agents does not', () => {
    const text = `rules:\n${rule('read', 'allow', '{ pointer: /n, max: 3 }')}  - { id: off, effect: deny, agents: ["*"], tools: ["t*"] }\n  - { id: other, effect: deny, agents: [b], tools: [t] }\n`
    expect(lint(text)).toEqual([
      'p.yaml:2:5: rules.0: allow rule read can never allow: deny rule off (p.yaml:3) matches every call it matches; narrow off or remove read',
      'p.yaml:4:5: rules.2: rule other adds nothing: deny rule off (p.yaml:3) already matches every call it matches; remove other or merge the two',
    ])
  })

  it('an allow another allow already covers, and identical rules reported once', () => {
    const out = lint(`rules:\n${rule('narrow', 'allow', '{ pointer: /n, min: 2 }, { pointer: /n, max: 3 }')}${rule('wide', 'allow', '{ pointer: /n, min: 1 }')}${rule('wide2', 'allow', '{ pointer: /n, min: 1 }')}`)
    expect(out).toEqual([
      'p.yaml:2:5: rules.0: rule narrow adds nothing: allow rule wide (p.yaml:3) already matches every call it matches; remove narrow or merge the two',
      'p.yaml:4:5: rules.2: rule wide2 adds nothing: allow rule wide (p.yaml:3) already matches every call it matches; remove wide2 or merge the two',
    ])
  })

  it('a condition it cannot reason about makes the pair undecided, not "ok" and not a finding', () => {
    const r = lintRules([{ path: 'p.yaml', text: `rules:\n${rule('read', 'allow', "{ pointer: /q, pattern: '^/w' }")}${rule('deny', 'deny', "{ pointer: /q, pattern: 'x' }")}` }])
    expect(r).toMatchObject({ faults: [], opaqueConditions: 2, undecidedPairs: 1 })
  })

  it('the same opaque condition in both rules is the same condition: decided', () => {
    const c = "{ pointer: /c, shell: { each: { pointer: /program, in: [ls] } } }"
    expect(lint(`rules:\n${rule('a1', 'allow', c)}${rule('a2', 'allow', `${c}, { pointer: /n, max: 3 }`)}`)).toEqual([
      'p.yaml:3:5: rules.1: rule a2 adds nothing: allow rule a1 (p.yaml:2) already matches every call it matches; remove a2 or merge the two',
    ])
  })
})

describe('policy check prints the findings, and says what it did not check', () => {
  it('exits 1 with each finding at file:line:col', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'verbatim-lint-'))
    await writeFile(join(dir, 'p.yaml'), `rules:\n${rule('r', 'allow', '{ pointer: /method, equals: POST }, { pointer: /method, equals: GET }')}`)
    const r = await runCli(['policy', 'check', dir])
    expect(r.code).toBe(1)
    expect(r.out).toBe(`${dir}/p.yaml:2:125: rules.0.when.1.equals: equals "POST" and equals "GET" on /method hold for no value: rule r can never match; fix or remove the condition\n1 fault\n`)
  })

  it('on a clean policy, a "not checked:" line counts what it could not reason about', async () => {
    const r = await runCli(['policy', 'check', 'policies'])
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/\nnot checked: \d+ conditions \(pattern, shell, sql, url, urlHost, each, some, anyOf, not, …\) can contradict another or be implied by one/)
  })
})
