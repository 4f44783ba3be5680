/** The language additions of issue 20: agent groups shared across files, a deny's message, "some element", and effects in one table. */
import { describe, expect, it } from 'vitest'
import { compilePolicy, evaluate, publicReason } from '../../src/policy/index.js'
import { decide, faultsOf, policyOf } from './helpers.js'

const GROUPS = 'groups:\n  reviewers: [alice, bob]\n  bots: [ci]\n'
const RULES = 'rules:\n  - { id: read, effect: allow, agents: ["group:reviewers", carol], tools: [fs.read] }\n'

describe('groups: defined once, in any file, named as group:NAME', () => {
  const policy = compilePolicy([{ path: 'groups.yaml', text: GROUPS }, { path: 'fs.yaml', text: RULES }])
  it.each([['alice', 'allow'], ['bob', 'allow'], ['carol', 'allow'], ['ci', 'deny'], ['mallory', 'deny']])('%s → %s', (agent, decision) => {
    expect(evaluate(policy, { agent, tool: 'fs.read', value: {} }).decision).toBe(decision)
  })

  it('a file of groups alone is a policy file', () => {
    expect(compilePolicy([{ path: 'groups.yaml', text: GROUPS }]).ruleCount).toBe(0)
  })

  it('the digest follows the members: editing a group changes it, moving a group to another file does not', () => {
    const other = compilePolicy([{ path: 'groups.yaml', text: GROUPS.replace('bob', 'dave') }, { path: 'fs.yaml', text: RULES }])
    const moved = compilePolicy([{ path: 'all.yaml', text: GROUPS + RULES }])
    const spelled = compilePolicy([{ path: 'x.yaml', text: 'rules:\n  - { id: read, effect: allow, agents: [bob, carol, alice], tools: [fs.read] }\n' }])
    expect(other.digest).not.toBe(policy.digest)
    expect(moved.digest).toBe(policy.digest)
    expect(spelled.digest).toBe(policy.digest) // the same decisions, whichever way the agents are written
  })

  it('an unknown group is a fault at its place, with the nearest name', () => {
    const f = faultsOf([{ path: 'groups.yaml', text: GROUPS }, { path: 'fs.yaml', text: RULES.replace('group:reviewers', 'group:reviewer') }])
    expect(f.map((x) => `${x.file}:${x.line}:${x.col}: ${x.message}`)).toEqual([
      "fs.yaml:2:41: rules.0.agents.0: unknown group 'reviewer'; did you mean 'group:reviewers'?",
    ])
    expect(faultsOf([{ path: 'fs.yaml', text: RULES }]).map((x) => x.message)).toEqual(["rules.0.agents.0: unknown group 'reviewers' (no policy file defines groups:)"])
  })

  it('a group defined in two files is a fault at the second, naming the first', () => {
    const f = faultsOf([{ path: 'a.yaml', text: GROUPS }, { path: 'b.yaml', text: 'groups:\n  bots: [ci, cd]\n' }])
    expect(f.map((x) => `${x.file}:${x.line}:${x.col}: ${x.message}`)).toEqual([
      "b.yaml:2:3: groups.bots: group 'bots' is already defined in a.yaml: a group is defined once across all policy files",
    ])
  })

  it('groups hold agents, not "*" or other groups', () => {
    const f = faultsOf([{ path: 'g.yaml', text: 'groups:\n  all: ["*"]\n  nested: ["group:all"]\n' }])
    expect(f.map((x) => x.message)).toEqual([
      'groups.all.0: an agent id: groups hold agents, not "*" or other groups',
      'groups.nested.0: an agent id: groups hold agents, not "*" or other groups',
    ])
  })

  it('a file with a fault elsewhere still lends its groups, so its rules are not reported twice', () => {
    const f = faultsOf([{ path: 'a.yaml', text: `${GROUPS}rules:\n  - { id: x, efect: allow, agents: [a], tools: [t] }\n` }, { path: 'fs.yaml', text: RULES }])
    expect(f.map((x) => x.message)).toEqual(["rules.0: unknown key 'efect'; did you mean 'effect'?"])
  })
})

describe('message: what a denied agent is told', () => {
  const p = policyOf([
    { id: 'any', effect: 'allow', agents: ['a'], tools: ['t'] },
    { id: 'no-token', effect: 'deny', agents: ['a'], tools: ['t'], when: [{ pointer: '/headers/authorization', ignoreKeyCase: true, pattern: '^Bearer ' }], message: 'Do not send credentials; the executor adds its own.' },
    { id: 'no-env', effect: 'deny', agents: ['a'], tools: ['t'], when: [{ pointer: '/path', pattern: '\\.env$' }] },
  ])

  it('replaces the conditions that held, so the matched secret is never quoted back', () => {
    const d = decide(p, { headers: { Authorization: 'Bearer sk-live-SECRET' } })
    expect(d).toMatchObject({ decision: 'deny', ruleIds: ['no-token'], messages: [{ rule: 'no-token', message: 'Do not send credentials; the executor adds its own.' }] })
    expect(publicReason(d)).toBe('denied by rule no-token: Do not send credentials; the executor adds its own.')
    expect(publicReason(d)).not.toContain('SECRET')
  })

  it('a rule without one says what held, as before', () => {
    expect(publicReason(decide(p, { path: '/w/.env' }))).toBe('denied by rule no-env (/path: "/w/.env" matches /\\.env$/)')
  })

  it('is refused on an allow rule, and must be one line', () => {
    const f = faultsOf([{ path: 'm.yaml', text: 'rules:\n  - { id: r, effect: allow, agents: [a], tools: [t], message: hi }\n  - { id: s, effect: deny, agents: [a], tools: [t], message: "two\\nlines" }\n' }])
    expect(f.map((x) => x.message)).toEqual([
      'rules.0.message: an allow rule has no message: the agent is told why only when it is denied',
      'rules.1.message: one line of text, no control characters',
    ])
  })

  it('is part of the digest, since it is part of the answer', () => {
    const a = policyOf([{ id: 'd', effect: 'deny', agents: ['a'], tools: ['t'], message: 'one' }])
    const b = policyOf([{ id: 'd', effect: 'deny', agents: ['a'], tools: ['t'], message: 'two' }])
    expect(a.digest).not.toBe(b.digest)
  })
})

describe('some: at least one element', () => {
  const p = policyOf([
    { id: 'any', effect: 'allow', agents: ['a'], tools: ['t'] },
    { id: 'env', effect: 'deny', agents: ['a'], tools: ['t'], when: [{ pointer: '/argv', some: { pointer: '', pattern: '(^|/)\\.env$' } }] },
  ])
  it('holds when one element holds, is false for [] and for a non-array', () => {
    expect(decide(p, { argv: ['cat', 'app/.env'] }).ruleIds).toEqual(['env'])
    expect(decide(p, { argv: ['cat', 'notes.txt'] }).decision).toBe('allow')
    expect(decide(p, { argv: [] }).decision).toBe('allow')
    expect(decide(p, { argv: 'cat .env' }).decision).toBe('allow')
    expect(decide(p, { argv: ['cat', 'app/.env'] }).reasons.find((r) => r.rule === 'env')?.why).toBe('one held: element 1: "app/.env" matches /(^|/)\\.env$/')
  })
})
