/** Object keys: header maps matched without case, and conditions on every or some member. */
import { describe, expect, it } from 'vitest'
import { canonicalArguments } from '../../src/policy/index.js'
import { decide, policyOf } from './helpers.js'

const args = (json: string): ReturnType<typeof canonicalArguments>['value'] => canonicalArguments(new TextEncoder().encode(json)).value

describe('ignoreKeyCase: a deny on /headers/authorization catches Authorization', () => {
  const rules = (ignoreKeyCase: boolean): ReturnType<typeof policyOf> => policyOf([
    { id: 'fetch', effect: 'allow', agents: ['a'], tools: ['t'] },
    { id: 'no-auth', effect: 'deny', agents: ['a'], tools: ['t'], when: [{ pointer: '/headers/authorization', exists: true, ...(ignoreKeyCase ? { ignoreKeyCase: true } : {}) }] },
  ])

  it('an exact pointer misses Authorization (the gap of issue 20)', () => {
    expect(decide(rules(false), args('{"headers":{"Authorization":"Bearer x"}}')).decision).toBe('allow')
  })

  it.each(['authorization', 'Authorization', 'AUTHORIZATION', 'aUtHoRiZaTiOn'])('with ignoreKeyCase, %s is denied', (k) => {
    expect(decide(rules(true), args(`{"headers":{"${k}":"Bearer x"}}`))).toMatchObject({ decision: 'deny', ruleIds: ['no-auth'] })
  })

  it('folds as the strict parser folds: the Kelvin sign is k, so two keys that fold alike never both arrive', () => {
    expect(() => args('{"headers":{"Authorization":"a","authorization":"b"}}')).toThrow(expect.objectContaining({ code: 'ERR_CANONICAL_CASE_COLLISION' }))
    expect(decide(rules(true), args('{"headers":{"x":1}}')).decision).toBe('allow')
  })

  it('where the case check is off and two keys fold alike, the pointer has no one meaning: refused, and the deny fires', () => {
    const d = decide(rules(true), { headers: { Authorization: 'a', authorization: 'b' } })
    expect(d).toMatchObject({ decision: 'deny', ruleIds: ['no-auth'] })
    expect(d.reasons.find((r) => r.rule === 'no-auth')).toMatchObject({ refused: true, why: 'two keys at /headers/authorization are the same key without case: it has no one meaning' })
  })
})

describe('eachMember and someMember: conditions on { key, value }', () => {
  const p = policyOf([
    { id: 'ok', effect: 'allow', agents: ['a'], tools: ['t'], when: [{ pointer: '/headers', eachMember: { allOf: [{ pointer: '/key', pattern: '^[a-z0-9-]+$' }, { pointer: '/value', maxBytes: 64 }] } }] },
    { id: 'internal', effect: 'deny', agents: ['a'], tools: ['t'], when: [{ pointer: '/headers', someMember: { pointer: '/key', pattern: '(?i)^x-internal-' } }] },
  ])
  it('allows headers that all fit, and an empty map', () => {
    expect(decide(p, { headers: { accept: 'text/plain', 'user-agent': 'x' } }).decision).toBe('allow')
    expect(decide(p, { headers: {} }).decision).toBe('allow')
  })
  it('denies one that does not, naming the member', () => {
    const d = decide(p, { headers: { accept: 'x', 'bad key': 'y' } })
    expect(d.decision).toBe('deny')
    expect(d.reasons.find((r) => r.rule === 'ok')?.why).toBe('not all held: member 1: not all held: "bad key" does not satisfy: matches /^[a-z0-9-]+$/')
  })
  it('denies any member whose key matches, and someMember is false for {}', () => {
    expect(decide(p, { headers: { 'X-Internal-Token': 't' } })).toMatchObject({ decision: 'deny', ruleIds: ['internal'] })
    expect(decide(p, { headers: [] }).decision).toBe('deny')
  })
})
