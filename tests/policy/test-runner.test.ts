/**
 * `verbatim policy test` faults (issue 20, item 4): one broken test file does not stop the others,
 * a `rule:` naming no rule is reported at its line, and one tab is one fault.
 * Before: a broken case in one file made every file's cases "0 passed, N failed" unrun; a tab gave
 * nine faults; a `rule:` naming no rule was reported only as "expected rule rr, got …".
 */
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from '../helpers/cli.js'

async function dirWith(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'verbatim-policy-test-'))
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text)
  return dir
}

const RULES = 'rules:\n  - { id: read, effect: allow, agents: [a], tools: [fs.read] }\n'

describe('policy test: a broken test file does not stop the others', () => {
  it('runs every valid case, and reports each broken one at its place as a failure', async () => {
    const dir = await dirWith({
      'a.yaml': `${RULES}tests:\n  - { name: ok, agent: a, tool: fs.read, args: {}, decision: allow }\n  - { name: typo, agent: a, tool: fs.read, args: {}, decision: alow }\n  - { name: also ok, agent: b, tool: fs.read, args: {}, decision: deny }\n`,
      'b.yaml': 'tests:\n  - { name: other file, agent: a, tool: fs.read, args: {}, decision: allow, rule: read }\n',
    })
    const r = await runCli(['policy', 'test', dir])
    expect(r.out.split('\n').filter(Boolean)).toEqual([
      `FAIL ${dir}/a.yaml:5:64: tests.1.decision: expected one of allow, ask, deny, reject, got 'alow'; did you mean 'allow'?`,
      `pass ${dir}/a.yaml#1 ok: allow by read`,
      `pass ${dir}/a.yaml#3 also ok: deny (ERR_POLICY_NO_MATCH)`,
      `pass ${dir}/b.yaml#1 other file: allow by read`,
      '3 passed, 1 failed',
    ])
    expect(r.code).toBe(1)
  })

  it('a file of tests that YAML cannot read is one failure; the other files run', async () => {
    const dir = await dirWith({
      'a.yaml': `${RULES}tests:\n  - { agent: a, tool: fs.read, args: {}, decision: allow }\n`,
      'b.yaml': 'tests:\n  - name: tabbed\n\tagent: a\n    tool: fs.read\n    args: {}\n    decision: allow\n',
    })
    const r = await runCli(['policy', 'test', dir])
    expect(r.out).toBe(`FAIL ${dir}/b.yaml:3:1: a tab in the indentation: YAML indents with spaces only\npass ${dir}/a.yaml#1 a fs.read {}: allow by read\n1 passed, 1 failed\n`)
  })

  it('a fault in the rules leaves nothing to test: the gate would not serve that policy', async () => {
    const dir = await dirWith({ 'a.yaml': `${RULES.replace('effect', 'efect')}tests:\n  - { agent: a, tool: fs.read, args: {}, decision: allow }\n` })
    const r = await runCli(['policy', 'test', dir])
    expect(r.out).toBe(`${dir}/a.yaml:2:17: rules.0: unknown key 'efect'; did you mean 'effect'?\n0 passed, 1 failed\n`)
  })
})

describe('policy test: a rule: naming no rule', () => {
  it('is reported at its line, with the nearest rule id', async () => {
    const dir = await dirWith({ 'a.yaml': `${RULES}tests:\n  - { agent: a, tool: fs.read, args: {}, decision: allow, rule: reed }\n` })
    const r = await runCli(['policy', 'test', dir])
    expect(r.out).toBe(`FAIL ${dir}/a.yaml#1 a fs.read {}: ${dir}/a.yaml:4:65: tests.0.rule: no rule has the id 'reed'; did you mean 'read'?\n0 passed, 1 failed\n`)
  })
})

describe('one tab is one fault', () => {
  it('policy check reports each tab once and nothing YAML says after it', async () => {
    const dir = await dirWith({ 'a.yaml': 'rules:\n  - id: r\n\teffect: allow\n    agents: [a]\n\ttools: [t]\n' })
    const r = await runCli(['policy', 'check', dir])
    expect(r.out).toBe(`${dir}/a.yaml:3:1: a tab in the indentation: YAML indents with spaces only\n${dir}/a.yaml:5:1: a tab in the indentation: YAML indents with spaces only\n2 faults\n`)
    expect(r.code).toBe(1)
  })
})
