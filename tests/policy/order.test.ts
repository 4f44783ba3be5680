import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { stringify } from 'yaml'
import { compilePolicy, evaluate } from '../../src/policy/index.js'
import type { JsonValue, PolicySource } from '../../src/policy/index.js'

const TOOLS = ['fs.read', 'fs.write', 'shell.exec']
const AGENTS = ['coder', 'reviewer']

const conditionArb = fc.oneof(
  fc.record({ pointer: fc.constant('/path'), prefix: fc.constantFrom('/ws', '/ws/a', '/etc') }),
  fc.record({ pointer: fc.constant('/path'), pathUnder: fc.constantFrom('/ws', '/ws/a') }),
  fc.record({ pointer: fc.constant('/n'), max: fc.integer({ min: 0, max: 5 }) }),
  fc.record({ pointer: fc.constant('/n'), exists: fc.constant(true) }),
  fc.record({ not: fc.record({ pointer: fc.constant('/path'), pattern: fc.constantFrom('env', '^/ws') }) }),
)

const ruleArb = (id: string): fc.Arbitrary<Record<string, unknown>> => fc.record({
  id: fc.constant(id),
  effect: fc.constantFrom('allow', 'deny'),
  agents: fc.subarray(['coder', 'reviewer', '*'], { minLength: 1 }),
  tools: fc.subarray(['fs.read', 'fs.write', 'fs.*', 'shell.exec', '*'], { minLength: 1 }),
  when: fc.array(conditionArb, { maxLength: 3 }),
})

const rulesArb = fc.integer({ min: 0, max: 8 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => ruleArb(`r${i}`))))

/** A rule list and a permutation of it. */
const permutedArb = rulesArb.chain((rules) => fc.tuple(fc.constant(rules), fc.shuffledSubarray(rules, { minLength: rules.length, maxLength: rules.length })))

const requestArb = fc.record({
  agent: fc.constantFrom(...AGENTS),
  tool: fc.constantFrom(...TOOLS),
  value: fc.record({ path: fc.constantFrom('/ws', '/ws/a/x', '/ws/.env', '/etc/passwd', '/ws/../etc'), n: fc.integer({ min: -1, max: 6 }) }, { requiredKeys: [] }),
})

/** Splits rules into files by the given sizes, in the given order. */
function files(rules: Record<string, unknown>[], cut: number): PolicySource[] {
  const a = rules.slice(0, cut)
  const b = rules.slice(cut)
  return [{ path: 'a.yaml', text: stringify({ rules: a }) }, { path: 'b.json', text: JSON.stringify({ rules: b }) }]
}

describe('rule and file order', () => {
  it('never change a decision nor the digest', () => {
    fc.assert(
      fc.property(permutedArb, fc.nat(), fc.nat(), fc.array(requestArb, { minLength: 1, maxLength: 5 }), ([rules, shuffled], cut1, cut2, requests) => {
        const p1 = compilePolicy(files(rules, cut1 % (rules.length + 1)))
        const p2 = compilePolicy(files(shuffled, cut2 % (shuffled.length + 1)).reverse())
        expect(p2.digest).toBe(p1.digest)
        for (const r of requests) {
          const req = { ...r, value: r.value as JsonValue }
          expect(evaluate(p2, req)).toEqual(evaluate(p1, req))
        }
      }),
      { numRuns: 150 },
    )
  })
})

describe('policy digest', () => {
  const yamlText = '# a comment\nrules:\n  - id: r1\n    effect: allow\n    agents: [coder]\n    tools: [fs.read]\n    when:\n      - { pointer: /path, pathUnder: /ws }\n'
  const jsonText = JSON.stringify({ rules: [{ when: [{ pathUnder: '/ws', pointer: '/path' }], tools: ['fs.read'], agents: ['coder'], effect: 'allow', id: 'r1' }] }, null, 4)

  it('does not depend on format, key order or comments', () => {
    const a = compilePolicy([{ path: 'a.yaml', text: yamlText }])
    const b = compilePolicy([{ path: 'b.json', text: jsonText }])
    expect(a.digest).toBe(b.digest)
    expect(a.digest).toMatch(/^[0-9a-f]{64}$/)
  })

  it('does not depend on tests or descriptions', () => {
    const a = compilePolicy([{ path: 'a.yaml', text: yamlText }])
    const b = compilePolicy([{ path: 'a.yaml', text: yamlText.replace('effect', 'description: x\n    effect') + 'tests:\n  - { agent: coder, tool: fs.read, args: {}, decision: deny }\n' }])
    expect(b.digest).toBe(a.digest)
  })

  it('changes when a rule changes', () => {
    const a = compilePolicy([{ path: 'a.yaml', text: yamlText }])
    const b = compilePolicy([{ path: 'a.yaml', text: yamlText.replace('/ws }', '/ws2 }') }])
    expect(b.digest).not.toBe(a.digest)
  })
})
