import { describe, expect, it } from 'vitest'
import type { CaseResult } from '../../src/policy/index.js'
import { compilePolicy, runPolicyTests } from '../../src/policy/index.js'
import { faultsOf } from './helpers.js'

const RULES = 'rules:\n  - { id: r, effect: allow, agents: [a], tools: [t] }\n  - { id: no-x, effect: deny, agents: [a], tools: [t], when: [{ pointer: /x, exists: true }] }\n'

function run(...cases: string[]): CaseResult[] {
  return runPolicyTests(compilePolicy([{ path: 'p.yaml', text: `${RULES}tests:\n${cases.map((c) => `  - ${c}\n`).join('')}` }]))
}

describe('policy test cases: the body goes through the gate\'s own step', () => {
  it('passes a raw duplicate-key body that expects reject with ERR_CANONICAL_DUPLICATE_KEY', () => {
    const [r] = run(`{ agent: a, tool: t, raw: '{"a":1,"a":2}', decision: reject, code: ERR_CANONICAL_DUPLICATE_KEY }`)
    expect(r).toMatchObject({ passed: true, detail: 'reject (ERR_CANONICAL_DUPLICATE_KEY)' })
  })

  it('sends raw bytes unchanged: whitespace and escapes are the body\'s own', () => {
    const [spaced, escaped] = run(
      `{ agent: a, tool: t, raw: ' { "y" : 1 } ', decision: allow }`,
      `{ agent: a, tool: t, raw: '{"\\u0078":1}', decision: deny, code: ERR_POLICY_DENIED, rule: no-x }`,
    )
    expect(spaced).toMatchObject({ passed: true, detail: 'allow by r' })
    expect(escaped).toMatchObject({ passed: true, detail: 'deny by no-x' })
  })

  it.each([
    ['an empty raw body', `raw: ''`, 'ERR_INTAKE_EMPTY_BODY'],
    ['args that are not an object', 'args: [1]', 'ERR_INTAKE_NOT_OBJECT'],
    ['a lone surrogate escape', `raw: '{"s":"\\ud800"}'`, 'ERR_CANONICAL_LONE_SURROGATE'],
    ['a NUL in args', 'args: { s: "a\\0b" }', 'ERR_CANONICAL_NUL'],
    ['a number that loses precision', `raw: '{"n":9007199254740993}'`, 'ERR_CANONICAL_NUMBER_PRECISION'],
  ])('rejects %s with %s, as the gate does', (_what, body, code) => {
    const [r] = run(`{ agent: a, tool: t, ${body}, decision: reject, code: ${code} }`)
    expect(r).toMatchObject({ passed: true, detail: `reject (${code})` })
  })

  it('fails a case expecting allow whose body the gate refuses, naming the code', () => {
    const [r] = run(`{ name: dup, agent: a, tool: t, raw: '{"a":1,"a":2}', decision: allow }`)
    expect(r?.passed).toBe(false)
    expect(r?.detail).toMatch(/^expected allow, got reject \(ERR_CANONICAL_DUPLICATE_KEY\): the gate refuses this body before policy/)
  })

  it('fails a case expecting deny whose body the gate refuses: a refusal is not a deny', () => {
    const [r] = run('{ agent: a, tool: t, args: "x", decision: deny }')
    expect(r?.passed).toBe(false)
    expect(r?.detail).toMatch(/^expected deny, got reject \(ERR_INTAKE_NOT_OBJECT\)/)
  })

  it('fails a reject case with another code, and one the policy decides', () => {
    const [other, decided] = run(
      `{ agent: a, tool: t, raw: '{"a":1,"A":2}', decision: reject, code: ERR_CANONICAL_DUPLICATE_KEY }`,
      `{ agent: a, tool: t, raw: '{"a":1}', decision: reject, code: ERR_CANONICAL_DUPLICATE_KEY }`,
    )
    expect(other).toMatchObject({ passed: false, detail: 'expected reject (ERR_CANONICAL_DUPLICATE_KEY), got reject (ERR_CANONICAL_CASE_COLLISION)' })
    expect(decided).toMatchObject({ passed: false, detail: 'expected reject (ERR_CANONICAL_DUPLICATE_KEY), got allow by r' })
  })

  it('checks a deny\'s code when one is given', () => {
    const [wrong, right] = run(
      '{ agent: b, tool: t, args: {}, decision: deny, code: ERR_POLICY_DENIED }',
      '{ agent: b, tool: t, args: {}, decision: deny, code: ERR_POLICY_NO_MATCH }',
    )
    expect(wrong).toMatchObject({ passed: false, detail: 'expected deny (ERR_POLICY_DENIED), got deny (ERR_POLICY_NO_MATCH)' })
    expect(right).toMatchObject({ passed: true })
  })
})

describe('policy test cases: schema', () => {
  const fault = (c: string): string[] => faultsOf([{ path: 'p.yaml', text: `${RULES}tests:\n  - ${c}\n` }]).map((f) => `${f.line}: ${f.message}`)

  it.each([
    ['both args and raw', `{ agent: a, tool: t, args: {}, raw: '{}', decision: allow }`, 'expected exactly one of args (a JSON value) or raw (the exact body)'],
    ['neither args nor raw', '{ agent: a, tool: t, decision: allow }', 'expected exactly one of args (a JSON value) or raw (the exact body)'],
    ['reject without a code', `{ agent: a, tool: t, raw: '{}', decision: reject }`, 'a reject case needs the code the gate refuses with'],
    ['an unknown code', `{ agent: a, tool: t, raw: '{}', decision: reject, code: ERR_CANONICAL_NOPE }`, 'not an error code of docs/errors.md'],
    ['a policy code on a reject', `{ agent: a, tool: t, raw: '{}', decision: reject, code: ERR_POLICY_DENIED }`, 'ERR_POLICY_DENIED is a deny, not a reject'],
    ['a canonical code on a deny', `{ agent: a, tool: t, raw: '{}', decision: deny, code: ERR_CANONICAL_SYNTAX }`, 'a deny\'s code is ERR_POLICY_DENIED or ERR_POLICY_NO_MATCH, not ERR_CANONICAL_SYNTAX'],
    ['a code on an allow', `{ agent: a, tool: t, raw: '{}', decision: allow, code: ERR_POLICY_DENIED }`, 'an allow has no code'],
    ['a rule on a reject', `{ agent: a, tool: t, raw: '{}', decision: reject, code: ERR_CANONICAL_EMPTY, rule: r }`, 'a rejected call reaches no rule'],
    ['a raw lone surrogate, which has no UTF-8 bytes', '{ agent: a, tool: t, raw: "\\uD800", decision: allow }', 'raw holds a lone surrogate'],
  ])('refuses %s, at its line', (_what, c, message) => {
    const faults = fault(c)
    expect(faults).toHaveLength(1)
    expect(faults[0]).toMatch(/^5: /)
    expect(faults[0]).toContain(message)
  })
})
