import { describe, expect, it } from 'vitest'
import { ERRORS } from '../../src/errors/index.js'
import { compilePolicy, publicReason, rulesForTool } from '../../src/policy/index.js'
import { decide, policyOf } from './helpers.js'

const allowRead = { id: 'allow-read', effect: 'allow', agents: ['coder'], tools: ['fs.read'], when: [{ pointer: '/path', prefix: '/ws/' }] }
const denyEnv = { id: 'deny-env', effect: 'deny', agents: ['*'], tools: ['fs.*'], when: [{ pointer: '/path', pattern: '\\.env$' }] }

describe('decision semantics (Cedar-style)', () => {
  it('denies with ERR_POLICY_NO_MATCH (403) when no rule matches', () => {
    const d = decide(policyOf([allowRead]), { path: '/etc/x' }, 'fs.read', 'coder')
    expect(d).toMatchObject({ decision: 'deny', code: 'ERR_POLICY_NO_MATCH', ruleIds: [] })
    expect(ERRORS.ERR_POLICY_NO_MATCH.status).toBe(403)
  })

  it('denies an empty policy', () => {
    expect(decide(policyOf([]), {}, 'fs.read', 'coder').code).toBe('ERR_POLICY_NO_MATCH')
  })

  it('allows when an allow rule matches and no deny does', () => {
    const d = decide(policyOf([allowRead, denyEnv]), { path: '/ws/a' }, 'fs.read', 'coder')
    expect(d).toMatchObject({ decision: 'allow', ruleIds: ['allow-read'] })
    expect(d.code).toBeUndefined()
  })

  it('lets any matching deny beat every allow, with ERR_POLICY_DENIED (403)', () => {
    const d = decide(policyOf([allowRead, denyEnv]), { path: '/ws/.env' }, 'fs.read', 'coder')
    expect(d).toMatchObject({ decision: 'deny', code: 'ERR_POLICY_DENIED', ruleIds: ['deny-env'] })
    expect(ERRORS.ERR_POLICY_DENIED.status).toBe(403)
  })

  it('names every matching deny rule, in id order', () => {
    const deny2 = { ...denyEnv, id: 'a-deny-all' }
    delete (deny2 as { when?: unknown }).when
    const d = decide(policyOf([denyEnv, allowRead, deny2]), { path: '/ws/.env' }, 'fs.read', 'coder')
    expect(d.ruleIds).toEqual(['a-deny-all', 'deny-env'])
  })

  it('treats a condition on a missing value as false', () => {
    expect(decide(policyOf([allowRead]), { file: '/ws/a' }, 'fs.read', 'coder').code).toBe('ERR_POLICY_NO_MATCH')
  })

  it('treats a condition on a value of the wrong type as false', () => {
    expect(decide(policyOf([allowRead]), { path: ['/ws/a'] }, 'fs.read', 'coder').code).toBe('ERR_POLICY_NO_MATCH')
  })

  it('a deny whose condition addresses a missing value does not fire', () => {
    const d = decide(policyOf([allowRead, denyEnv]), { path: '/ws/a', other: 1 }, 'fs.read', 'coder')
    expect(d.decision).toBe('allow')
  })

  it('requires every condition of a rule to hold', () => {
    const r = { ...allowRead, when: [{ pointer: '/path', prefix: '/ws/' }, { pointer: '/n', max: 3 }] }
    expect(decide(policyOf([r]), { path: '/ws/a', n: 3 }, 'fs.read', 'coder').decision).toBe('allow')
    expect(decide(policyOf([r]), { path: '/ws/a', n: 4 }, 'fs.read', 'coder').decision).toBe('deny')
  })

  it('covers only the listed agents', () => {
    expect(decide(policyOf([allowRead]), { path: '/ws/a' }, 'fs.read', 'reviewer').code).toBe('ERR_POLICY_NO_MATCH')
  })

  it('covers every agent with "*"', () => {
    const r = { ...allowRead, agents: ['*'] }
    expect(decide(policyOf([r]), { path: '/ws/a' }, 'fs.read', 'anyone').decision).toBe('allow')
  })

  it('covers tools by trailing-* prefix, and not tools outside it', () => {
    const r = { ...allowRead, tools: ['fs.*'] }
    expect(decide(policyOf([r]), { path: '/ws/a' }, 'fs.write', 'coder').decision).toBe('allow')
    expect(decide(policyOf([r]), { path: '/ws/a' }, 'fsx.read', 'coder').decision).toBe('deny')
  })

  it('covers every tool with a lone "*"', () => {
    const r = { ...allowRead, tools: ['*'] }
    expect(decide(policyOf([r]), { path: '/ws/a' }, 'http.fetch', 'coder').decision).toBe('allow')
  })

  it('matches exact tool names exactly', () => {
    expect(decide(policyOf([allowRead]), { path: '/ws/a' }, 'fs.readx', 'coder').decision).toBe('deny')
  })
})

describe('tool index', () => {
  it('looks up only the rules that cover the tool', () => {
    const others = Array.from({ length: 200 }, (_, i) => ({ id: `o${i}`, effect: 'allow', agents: ['*'], tools: [`other${i}.op`] }))
    const p = policyOf([...others, allowRead, denyEnv])
    expect(rulesForTool(p, 'fs.read').map((r) => r.id)).toEqual(['allow-read', 'deny-env'])
    expect(rulesForTool(p, 'nothing')).toEqual([])
  })

  it('lists a rule once when several of its patterns cover the tool', () => {
    const p = policyOf([{ ...allowRead, tools: ['fs.read', 'fs.*', '*'] }])
    expect(rulesForTool(p, 'fs.read').map((r) => r.id)).toEqual(['allow-read'])
  })
})

describe('explanations', () => {
  it('gives each reason the rule, pointer, operator and why', () => {
    const d = decide(policyOf([allowRead, denyEnv]), { path: '/ws/.env' }, 'fs.read', 'coder')
    expect(d.reasons).toEqual([
      { rule: 'allow-read', pointer: '/path', op: 'prefix', held: true, why: '"/ws/.env" starts with "/ws/"' },
      { rule: 'deny-env', pointer: '/path', op: 'pattern', held: true, why: '"/ws/.env" matches /\\.env$/' },
    ])
    expect(d.policyDigest).toMatch(/^[0-9a-f]{64}$/)
  })

  it('says why a condition did not hold', () => {
    const d = decide(policyOf([allowRead]), { path: 7 }, 'fs.read', 'coder')
    expect(d.reasons[0]).toMatchObject({ held: false, why: '7 is number, prefix needs string' })
    const m = decide(policyOf([allowRead]), {}, 'fs.read', 'coder')
    expect(m.reasons[0]).toMatchObject({ held: false, why: 'no value at /path' })
  })

  it('shows the agent only the denying rule', () => {
    const secretAllow = { ...allowRead, id: 'internal-allow-xyz' }
    const d = decide(policyOf([secretAllow, denyEnv]), { path: '/ws/.env' }, 'fs.read', 'coder')
    const msg = publicReason(d)
    expect(msg).toContain('deny-env')
    expect(msg).not.toContain('internal-allow-xyz')
    expect(msg).not.toContain('starts with')
    expect(msg).toBe('denied by rule deny-env (/path: "/ws/.env" matches /\\.env$/)')
  })

  it('names no rule at all on a default deny', () => {
    const d = decide(policyOf([allowRead]), { path: '/etc/x' }, 'fs.read', 'coder')
    expect(publicReason(d)).toBe('no rule allows this call (default deny)')
  })

  it('carries the policy digest in every decision', () => {
    const p = compilePolicy([{ path: 'x.yaml', text: 'rules: []\n' }])
    expect(decide(p, {}).policyDigest).toBe(p.digest)
  })
})
