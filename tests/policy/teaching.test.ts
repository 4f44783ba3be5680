import { describe, expect, it } from 'vitest'
import { compilePolicy } from '../../src/policy/index.js'
import type { PolicyFault } from '../../src/policy/index.js'
import { faultsOf } from './helpers.js'

const RULE = '  - id: r1\n    effect: allow\n    agents: [a]\n    tools: [t]\n'

/** Each fault as "line:col: message", for exact assertions. */
function lines(text: string, path = 'p.yaml'): string[] {
  return faultsOf([{ path, text }]).map((f: PolicyFault) => `${f.line}:${f.col}: ${f.message}`)
}

describe('errors that teach: a misspelt key says so and suggests the right one', () => {
  it('suggests effect for efect, with one fault and not a second for the missing effect', () => {
    expect(lines('rules:\n  - id: r1\n    efect: allow\n    agents: [a]\n    tools: [t]\n')).toEqual([
      "3:5: rules.0: unknown key 'efect'; did you mean 'effect'?",
    ])
  })

  it('suggests across case: Tools for tools', () => {
    expect(lines('rules:\n  - id: r1\n    effect: allow\n    agents: [a]\n    Tools: [t]\n')).toEqual([
      "5:5: rules.0: unknown key 'Tools'; did you mean 'tools'?",
    ])
  })

  it('lists the keys it expected when no key is close', () => {
    expect(lines(`rules:\n${RULE}    colour: red\n`)).toEqual([
      "6:5: rules.0: unknown key 'colour' (expected: id, description, effect, agents, tools, when, message, approval)",
    ])
  })

  it('suggests at the top level and in tests', () => {
    expect(lines(`rule:\n${RULE}`)).toEqual(["1:1: file: unknown key 'rule'; did you mean 'rules'?"])
    expect(lines(`rules:\n${RULE}tests:\n  - { agent: a, tool: t, args: {}, decison: allow }\n`)).toEqual([
      "7:36: tests.0: unknown key 'decison'; did you mean 'decision'?",
    ])
  })

  it('suggests pointer for a misspelt pointer, with no second fault for the missing pointer', () => {
    expect(lines(`rules:\n${RULE}    when:\n      - { pionter: /x, equals: 1 }\n`)).toEqual([
      "7:11: rules.0.when.0: unknown key 'pionter'; did you mean 'pointer'?",
    ])
  })

  it('keeps the missing-key fault when the unknown key is not close to it', () => {
    expect(lines('rules:\n  - id: r1\n    colour: allow\n    agents: [a]\n    tools: [t]\n')).toEqual([
      '2:5: rules.0.effect: missing, expected one of allow, ask, deny',
      "3:5: rules.0: unknown key 'colour' (expected: id, description, effect, agents, tools, when, message, approval)",
    ])
  })
})

describe('errors that teach: an unknown operator is one fault, with a suggestion', () => {
  it('says maxLenght is an unknown operator and suggests maxLength', () => {
    expect(lines(`rules:\n${RULE}    when:\n      - { pointer: /x, maxLenght: 3 }\n`)).toEqual([
      "7:24: rules.0.when.0: unknown operator 'maxLenght'; did you mean 'maxLength'?",
    ])
  })

  it('suggests inside combinators', () => {
    expect(lines(`rules:\n${RULE}    when:\n      - anyOf:\n          - { pointer: /x, equalz: 1 }\n`)).toEqual([
      "8:28: rules.0.when.0.anyOf.0: unknown operator 'equalz'; did you mean 'equals'?",
    ])
  })

  it('names the operators when none is close', () => {
    const [f] = lines(`rules:\n${RULE}    when:\n      - { pointer: /x, frobnicate: 3 }\n`)
    expect(f).toMatch(/^7:24: rules\.0\.when\.0: unknown operator 'frobnicate' \(operators: equals, in, notIn, .*, maxBytes, .*, not\)$/)
  })

  it('still reports a second operator next to an unknown one', () => {
    expect(lines(`rules:\n${RULE}    when:\n      - { pointer: /x, equals: 1, in: [1], maxx: 2 }\n`)).toEqual([
      expect.stringMatching(/^7:9: rules\.0\.when\.0: expected exactly one operator .*, got equals, in$/),
      "7:44: rules.0.when.0: unknown operator 'maxx'; did you mean 'max'?",
    ])
  })
})

describe('errors that teach: a value off the list suggests the nearest', () => {
  it('suggests allow for alow', () => {
    expect(lines('rules:\n  - { id: r1, effect: alow, agents: [a], tools: [t] }\n')).toEqual([
      "2:23: rules.0.effect: expected one of allow, ask, deny, got 'alow'; did you mean 'allow'?",
    ])
  })

  it('suggests a type name', () => {
    expect(lines(`rules:\n${RULE}    when:\n      - { pointer: /x, type: strng }\n`)).toEqual([
      "7:30: rules.0.when.0.type: expected one of string, number, integer, boolean, object, array, null, got 'strng'; did you mean 'string'?",
    ])
  })

  it('says what it got for a wrong type', () => {
    expect(lines('rules:\n  - { id: r1, effect: allow, agents: coder, tools: [t] }\n')).toEqual([
      '2:38: rules.0.agents: expected array, got string',
    ])
  })

  it('refuses maxBytes that is negative or not an integer', () => {
    expect(lines(`rules:\n${RULE}    when:\n      - { pointer: /x, maxBytes: -1 }\n      - { pointer: /x, minBytes: 1.5 }\n`)).toHaveLength(2)
  })
})

describe('errors that teach: every fault at once', () => {
  it('reports faults of several rules, files and kinds in one run, in file and position order', () => {
    const a = [
      'rules:',
      '  - { id: r1, efect: allow, agents: [a], tools: [t] }',
      '  - { id: r2, effect: allow, agents: [a], tools: [t], when: [{ pointer: /x, pattern: "(" }] }',
      '  - { id: r3, effect: deny, agents: [a], tools: [t], when: [{ pointer: /y, pathUnder: /ws/ }], colour: red }',
      '',
    ].join('\n')
    const b = 'rules:\n  - { id: r1, effect: deny, agents: [a], tools: [t], when: [{ pointer: /x, maxLenght: 1 }] }\n'
    const faults = faultsOf([{ path: 'a.yaml', text: a }, { path: 'b.yaml', text: b }])
    expect(faults.map((f) => `${f.file}:${f.line}:${f.col}: ${f.message}`)).toEqual([
      "a.yaml:2:15: rules.0: unknown key 'efect'; did you mean 'effect'?",
      'a.yaml:3:86: rules.1.when.0.pattern: not a valid RE2 pattern: error parsing regexp: missing closing ): `(`',
      'a.yaml:4:87: rules.2.when.0.pathUnder: "/ws/" is not a canonical absolute path',
      "a.yaml:4:96: rules.2: unknown key 'colour' (expected: id, description, effect, agents, tools, when, message, approval)",
      'b.yaml:2:11: rules.0.id: duplicate rule id "r1" (first defined in a.yaml)',
      "b.yaml:2:76: rules.0.when.0: unknown operator 'maxLenght'; did you mean 'maxLength'?",
    ])
  })

  it('loads a policy with none of these faults', () => {
    expect(compilePolicy([{ path: 'p.yaml', text: `rules:\n${RULE}    when:\n      - { pointer: /x, maxLength: 3 }\n` }]).ruleCount).toBe(1)
  })
})

describe('a file of tests only', () => {
  it('needs no rules: [] and its cases run against the rules of the other files', () => {
    const policy = compilePolicy([
      { path: 'rules.yaml', text: `rules:\n${RULE}` },
      { path: 'cases.yaml', text: 'tests:\n  - { agent: a, tool: t, args: {}, decision: allow, rule: r1 }\n' },
    ])
    expect(policy.ruleCount).toBe(1)
    expect(policy.tests).toEqual([{ file: 'cases.yaml', cases: [expect.objectContaining({ rule: 'r1' })], indexes: [0] }])
  })

  it('has the same digest as one that writes rules: []', () => {
    const rules = { path: 'rules.yaml', text: `rules:\n${RULE}` }
    const bare = compilePolicy([rules, { path: 't.yaml', text: 'tests: []\n' }])
    const empty = compilePolicy([rules, { path: 't.yaml', text: 'rules: []\ntests: []\n' }])
    expect(bare.digest).toBe(empty.digest)
  })

  it('refuses a file with neither rules nor tests', () => {
    expect(lines('version: 1\n')).toEqual(['1:1: file: a policy file needs rules:, tests:, groups:, or several'])
  })
})
