import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { compilePolicy, policyCoverage } from '../../src/policy/index.js'
import type { CoverageItem } from '../../src/policy/index.js'
import { runCli } from '../helpers/cli.js'

const POLICIES = new URL('../../policies/', import.meta.url).pathname

const POLICY = [
  'rules:',
  '  - id: read',
  '    effect: allow',
  '    agents: [a]',
  '    tools: [fs.read]',
  '    when:',
  '      - { pointer: /path, pathUnder: /workspace }',
  '      - anyOf:',
  '          - { pointer: /mode, absent: true }',
  '          - { pointer: /mode, equals: text }',
  '  - { id: never, effect: deny, agents: [a], tools: [fs.write] }',
  '',
].join('\n')

const TESTS = [
  'tests:',
  '  - { agent: a, tool: fs.read, args: { path: /workspace/a }, decision: allow }',
  '  - { agent: a, tool: fs.read, args: { path: /etc/passwd }, decision: deny }',
  '  - { agent: a, tool: fs.read, raw: "[1]", decision: reject, code: ERR_INTAKE_NOT_OBJECT }',
  '',
].join('\n')

/** label → [held, failed, exercised] */
function table(items: readonly CoverageItem[]): Record<string, [number, number, boolean]> {
  return Object.fromEntries(items.map((i) => [i.label, [i.held, i.failed, i.exercised]]))
}

describe('policyCoverage', () => {
  it('counts a rule as exercised when a case matched it, and a condition when cases saw it hold and fail', () => {
    const c = policyCoverage(compilePolicy([{ path: 'p.yaml', text: POLICY + TESTS }]))
    expect(table(c.items)).toEqual({
      'rule read': [1, 1, true],
      'read when.0 (/path pathUnder)': [1, 1, true],
      'read when.1 (anyOf)': [2, 0, false],
      'read when.1.anyOf.0 (/mode absent)': [2, 0, false],
      'read when.1.anyOf.1 (/mode equals)': [0, 2, false],
      'rule never': [0, 0, false],
    })
    expect(c).toMatchObject({ exercised: 2, total: 6 })
    expect(c.percent).toBeCloseTo(33.33, 2)
  })

  it('places each item at its file:line:col', () => {
    const c = policyCoverage(compilePolicy([{ path: 'p.yaml', text: POLICY + TESTS }]))
    expect(c.items.map((i) => `${i.file}:${i.line}:${i.col} ${i.label}`)).toEqual([
      'p.yaml:2:5 rule read',
      'p.yaml:7:9 read when.0 (/path pathUnder)',
      'p.yaml:8:9 read when.1 (anyOf)',
      'p.yaml:9:13 read when.1.anyOf.0 (/mode absent)',
      'p.yaml:10:13 read when.1.anyOf.1 (/mode equals)',
      'p.yaml:11:5 rule never',
    ])
  })

  it('reaches every condition once cases exercise both outcomes, through each and not', () => {
    const text = [
      'rules:',
      '  - { id: r, effect: allow, agents: [a], tools: [t], when: [{ pointer: /argv, each: { pointer: "", not: { pointer: "", equals: rm } } }] }',
      'tests:',
      '  - { agent: a, tool: t, args: { argv: [ls, rm] }, decision: deny }',
      '  - { agent: a, tool: t, args: { argv: [ls] }, decision: allow }',
      '',
    ].join('\n')
    const c = policyCoverage(compilePolicy([{ path: 'p.yaml', text }]))
    expect(table(c.items)).toEqual({
      'rule r': [1, 1, true],
      'r when.0 (/argv each)': [1, 1, true],
      'r when.0.each ("" not)': [2, 1, true],
      'r when.0.each.not ("" equals)': [1, 2, true],
    })
    expect(c.percent).toBe(100)
  })

  it('is 100% for a policy with no rules', () => {
    expect(policyCoverage(compilePolicy([{ path: 't.yaml', text: 'tests: []\n' }])).percent).toBe(100)
  })
})

let dir = ''
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'verbatim-coverage-')) })
afterAll(async () => { await rm(dir, { recursive: true, force: true }) })

describe('verbatim policy test --coverage and --min-coverage', () => {
  it('prints the cases, what they exercised and what they did not, then the coverage', async () => {
    const file = join(dir, 'p.yaml')
    await writeFile(file, POLICY + TESTS)
    const r = await runCli(['policy', 'test', '--coverage', file])
    expect(r.out).toBe([
      `pass ${file}#1 a fs.read {"path":"/workspace/a"}: allow by read`,
      `pass ${file}#2 a fs.read {"path":"/etc/passwd"}: deny (ERR_POLICY_NO_MATCH)`,
      `pass ${file}#3 a fs.read [1]: reject (ERR_INTAKE_NOT_OBJECT)`,
      '3 passed, 0 failed',
      'exercised (2):',
      `  ${file}:2:5: rule read: matched 1, not matched 1`,
      `  ${file}:7:9: read when.0 (/path pathUnder): held 1, failed 1`,
      'never exercised (4):',
      `  ${file}:8:9: read when.1 (anyOf): held 2, failed 0 (never failed)`,
      `  ${file}:9:13: read when.1.anyOf.0 (/mode absent): held 2, failed 0 (never failed)`,
      `  ${file}:10:13: read when.1.anyOf.1 (/mode equals): held 0, failed 2 (never held)`,
      `  ${file}:11:5: rule never: never reached`,
      'coverage: 33.3% (2 of 6: 1 of 2 rules, 1 of 4 conditions)',
      '',
    ].join('\n'))
    expect(r.code).toBe(0)
  })

  it('fails below --min-coverage, and says so', async () => {
    const file = join(dir, 'p.yaml')
    await writeFile(file, POLICY + TESTS)
    const r = await runCli(['policy', 'test', '--min-coverage', '50', file])
    expect(r.out.trimEnd().split('\n').slice(-2)).toEqual([
      'coverage: 33.3% (2 of 6: 1 of 2 rules, 1 of 4 conditions)',
      'coverage 33.3% is below --min-coverage 50',
    ])
    expect(r.code).toBe(1)
  })

  it('passes at or above --min-coverage: the example policies cover every rule and condition', async () => {
    const r = await runCli(['policy', 'test', '--min-coverage', '100', POLICIES])
    expect(r.out).toMatch(/\nnever exercised \(0\):\ncoverage: 100\.0% \(\d+ of \d+: 11 of 11 rules, \d+ of \d+ conditions\)\n$/)
    expect(r.code).toBe(0)
    expect((await runCli(['policy', 'test', '--min-coverage', '33.3', join(dir, 'p.yaml')])).code).toBe(0)
  })

  it('still fails on a failing case when coverage is enough', async () => {
    const file = join(dir, 'failing.yaml')
    await writeFile(file, POLICY + TESTS.replace('decision: allow', 'decision: deny'))
    const r = await runCli(['policy', 'test', '--min-coverage', '0', file])
    expect(r.out).toContain('\n2 passed, 1 failed\n')
    expect(r.code).toBe(1)
  })

  it.each(['abc', '101', '-1', ''])('refuses --min-coverage %j with exit 2', async (v) => {
    const r = await runCli(['policy', 'test', `--min-coverage=${v}`, POLICIES])
    expect(r.code).toBe(2)
    expect(r.err).toMatch(new RegExp(`^verbatim policy test: --min-coverage takes a percentage from 0 to 100, not '${v}'\\n`))
  })

  it('prints no coverage without the flags', async () => {
    const r = await runCli(['policy', 'test', POLICIES])
    expect(r.out.trimEnd().split('\n').at(-1)).toMatch(/^\d+ passed, 0 failed$/)
  })
})
