import { readFile } from 'node:fs/promises'
import { beforeAll, describe, expect, it } from 'vitest'
import { COMBINATORS, LEAF_OPERATORS, OPERATORS, compilePolicy, loadPolicyParsers, policyFiles, policyJsonSchema } from '../../src/policy/index.js'

beforeAll(loadPolicyParsers)

type Props = Record<string, { description?: string; examples?: unknown[] }>
const ROOT = new URL('../../', import.meta.url)

function objects(): Record<'file' | 'rule' | 'condition' | 'test' | 'shell' | 'sql' | 'url' | 'pathUnder', Props> {
  const s = policyJsonSchema() as { properties: Props & { rules: { items: { properties: Props } } }; $defs: Record<string, { properties?: Props }> }
  return {
    file: s.properties,
    rule: s.properties.rules.items.properties,
    condition: s.$defs.Condition?.properties ?? {},
    test: s.$defs.TestCase?.properties ?? {},
    shell: s.$defs.Shell?.properties ?? {},
    sql: s.$defs.Sql?.properties ?? {},
    url: s.$defs.Url?.properties ?? {},
    pathUnder: s.$defs.PathUnder?.properties ?? {},
  }
}

describe('the policy JSON Schema describes every key and operator, with examples, for editors to show on hover', () => {
  it.each(Object.entries(objects()))('every key of %s has a description and examples', (_name, props) => {
    expect(Object.keys(props).length).toBeGreaterThanOrEqual(3)
    for (const [key, p] of Object.entries(props)) {
      expect(p.description, key).toMatch(/^\S.{9,}/)
      expect(p.examples?.length, key).toBeGreaterThan(0)
    }
  })

  it('describes every operator, including maxBytes and minBytes', () => {
    expect(Object.keys(objects().condition).sort()).toEqual(['pointer', 'ignoreKeyCase', ...OPERATORS].sort())
    expect(objects().condition.maxBytes?.description).toContain('bytes in UTF-8')
  })

  it('gives examples that are valid: each operator example compiles as a condition', () => {
    const cond = objects().condition
    for (const op of OPERATORS) {
      for (const example of cond[op]?.examples ?? []) {
        const c = (COMBINATORS as readonly string[]).includes(op) ? { [op]: example } : { pointer: '/x', [op]: example }
        const text = JSON.stringify({ rules: [{ id: 'r', effect: 'allow', agents: ['a'], tools: ['t'], when: [c] }] })
        expect(() => compilePolicy([{ path: `${op}.json`, text }]), `${op}: ${JSON.stringify(example)}`).not.toThrow()
      }
    }
  })

  it('gives rule examples that compile as a rule', () => {
    const rule = objects().rule
    // A message is for deny rules, an approval for ask rules (and an ask rule needs one); the groups the agents example names are defined beside it.
    const approval = { group: 'oncall', reason: 'why' }
    const base = (key: string): Record<string, unknown> => ({ id: 'r', effect: key === 'message' ? 'deny' : key === 'approval' ? 'ask' : 'allow', agents: ['a'], tools: ['t'] })
    const extra = (key: string, example: unknown): Record<string, unknown> => (key === 'effect' && example === 'ask' ? { approval } : {})
    const groups = { reviewers: ['reviewer', 'auditor'] }
    for (const [key, p] of Object.entries(rule)) {
      for (const example of p.examples ?? []) {
        expect(() => compilePolicy([{ path: 'r.json', text: JSON.stringify({ groups, rules: [{ ...base(key), ...extra(key, example), [key]: example }] }) }]), key).not.toThrow()
      }
    }
  })

  it('gives file examples that compile: the groups example as a file of its own', () => {
    for (const example of objects().file.groups?.examples ?? []) {
      expect(() => compilePolicy([{ path: 'g.json', text: JSON.stringify({ groups: example }) }])).not.toThrow()
    }
  })

  it.each(['shell', 'sql', 'url', 'pathUnder'] as const)('gives %s examples that compile, key by key', (op) => {
    const props = objects()[op]
    expect(Object.keys(props).length).toBeGreaterThanOrEqual(3)
    for (const [key, p] of Object.entries(props)) {
      for (const example of p.examples ?? []) {
        const spec: Record<string, unknown> = op === 'url' ? { hosts: ['example.com'], [key]: example } : op === 'pathUnder' ? { roots: ['/workspace'], [key]: example } : { [key]: example }
        const text = JSON.stringify({ rules: [{ id: 'r', effect: 'allow', agents: ['a'], tools: ['t'], when: [{ pointer: '/x', [op]: spec }] }] })
        expect(() => compilePolicy([{ path: `${op}.json`, text }]), `${op}.${key}: ${JSON.stringify(example)}`).not.toThrow()
      }
    }
  })

  it('says that a file needs rules, tests or groups, and no more', () => {
    expect(policyJsonSchema()).toMatchObject({ anyOf: [{ required: ['rules'] }, { required: ['tests'] }, { required: ['groups'] }] })
    expect((policyJsonSchema() as { required?: string[] }).required).toBeUndefined()
  })
})

describe('docs and examples', () => {
  it('docs/policy.md lists every operator in its table', async () => {
    const md = await readFile(new URL('docs/policy.md', ROOT), 'utf8')
    for (const op of [...LEAF_OPERATORS, ...COMBINATORS]) expect(md, op).toMatch(new RegExp(`^\\| [^|]*\`${op}\``, 'm'))
  })

  it('every example YAML policy starts with the modeline that points editors at the schema', async () => {
    const files = (await policyFiles([new URL('policies/', ROOT).pathname])).filter((f) => /\.ya?ml$/.test(f))
    expect(files.length).toBeGreaterThanOrEqual(3)
    for (const f of files) {
      expect((await readFile(f, 'utf8')).split('\n')[0], f).toBe('# yaml-language-server: $schema=../docs/policy.schema.json')
    }
  })
})
