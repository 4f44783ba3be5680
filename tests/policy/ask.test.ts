/** The `ask` effect (issue 22, item 1): deny wins over everything, ask over allow; policy test, explain, lint and lists know it. */
import { describe, expect, it } from 'vitest'
import { formatFault } from '../../src/config/index.js'
import { couldAllow, lintRules, replayDecision, runPolicyTests, compilePolicy } from '../../src/policy/index.js'
import { decide, faultsOf, policyOf } from './helpers.js'
import { runCli } from '../helpers/cli.js'

const ASK = { id: 'shell-ask', effect: 'ask', agents: ['a'], tools: ['shell.exec'], approval: { group: 'oncall', reason: 'shell commands run on the build host' } }
const ALLOW = { id: 'shell-allow', effect: 'allow', agents: ['a'], tools: ['shell.exec'] }
const DENY = { id: 'no-rm', effect: 'deny', agents: ['*'], tools: ['shell.exec'], when: [{ pointer: '/argv/0', equals: 'rm' }] }

describe('the ask effect', () => {
  it('asks, with what the rule requires, when an ask rule matches and no deny does: ask wins over allow', () => {
    const d = decide(policyOf([ALLOW, ASK, DENY]), { argv: ['ls'] }, 'shell.exec')
    expect(d.decision).toBe('ask')
    expect(d.code).toBeUndefined()
    expect(d.ruleIds).toEqual(['shell-ask'])
    expect(d.asks).toEqual([{ rule: 'shell-ask', group: 'oncall', approvers: 1, validSeconds: 900, reason: 'shell commands run on the build host' }])
  })

  it('denies when a deny matches too: deny wins over everything', () => {
    const d = decide(policyOf([ALLOW, ASK, DENY]), { argv: ['rm', '-rf', '/'] }, 'shell.exec')
    expect(d.decision).toBe('deny')
    expect(d.code).toBe('ERR_POLICY_DENIED')
    expect(d.ruleIds).toEqual(['no-rm'])
  })

  it('lists every matching ask rule: an approval must satisfy each', () => {
    const two = { ...ASK, id: 'two-person', approval: { group: 'security', approvers: 2, validSeconds: 300, reason: 'writes to production' } }
    const d = decide(policyOf([ASK, two]), { argv: ['ls'] }, 'shell.exec')
    expect(d.asks?.map((a) => [a.rule, a.group, a.approvers, a.validSeconds])).toEqual([['shell-ask', 'oncall', 1, 900], ['two-person', 'security', 2, 300]])
  })

  it('refuses an ask rule without approval, and an approval on an allow or deny rule, at file:line', () => {
    const text = 'rules:\n  - { id: a, effect: ask, agents: [x], tools: [t] }\n  - { id: b, effect: allow, agents: [x], tools: [t], approval: { group: g, reason: r } }\n'
    const faults = faultsOf([{ path: 'p.yaml', text }]).map(formatFault)
    expect(faults).toEqual([
      expect.stringMatching(/^p\.yaml:2:\d+: rules\.0\.effect: an ask rule needs approval: \{ group, reason \}/),
      expect.stringMatching(/^p\.yaml:3:\d+: rules\.1\.approval: an allow rule has no approval: only an ask rule waits for a person/),
    ])
  })

  it('refuses approvers beyond 5, a validity under 30 s, and a reason with a control character', () => {
    const text = 'rules:\n  - { id: a, effect: ask, agents: [x], tools: [t], approval: { group: g, approvers: 6, validSeconds: 5, reason: "a\\tb" } }\n'
    const messages = faultsOf([{ path: 'p.yaml', text }]).map((f) => f.message)
    expect(messages).toHaveLength(3)
    expect(messages.join('\n')).toMatch(/approvers/)
    expect(messages.join('\n')).toMatch(/validSeconds/)
    expect(messages.join('\n')).toMatch(/one line of text/)
  })

  it('puts the approval in the digest: a change of group or count is a new policy', () => {
    const a = policyOf([ASK]).digest
    expect(policyOf([{ ...ASK, approval: { ...ASK.approval, group: 'other' } }]).digest).not.toBe(a)
    expect(policyOf([{ ...ASK, approval: { ...ASK.approval, approvers: 2 } }]).digest).not.toBe(a)
    expect(policyOf([ASK]).digest).toBe(a)
  })

  it('is a call an agent could make, for lists (MCP tools/list)', () => {
    expect(couldAllow(policyOf([ASK]), 'a', 'shell.exec')).toBe(true)
    expect(couldAllow(policyOf([ASK, { ...DENY, when: undefined }]), 'a', 'shell.exec')).toBe(false)
  })

  it('replays as ask (audit explain)', () => {
    const p = policyOf([ALLOW, ASK])
    expect(replayDecision(p, { agent: 'a', tool: 'shell.exec', value: { argv: ['ls'] } }).decision).toBe('ask')
  })
})

describe('ask in policy test, lint and explain', () => {
  it('policy test expects decision: ask, and fails a case that expected allow', () => {
    const text = `rules:\n  - { id: shell-ask, effect: ask, agents: [a], tools: [shell.exec], approval: { group: oncall, reason: why } }\n  - { id: shell-allow, effect: allow, agents: [a], tools: [shell.exec] }\ntests:\n  - { agent: a, tool: shell.exec, args: { argv: [ls] }, decision: ask, rule: shell-ask }\n  - { agent: a, tool: shell.exec, args: { argv: [ls] }, decision: allow }\n`
    const r = runPolicyTests(compilePolicy([{ path: 'p.yaml', text }]))
    expect(r.map((c) => [c.passed, c.detail])).toEqual([[true, 'ask by shell-ask'], [false, 'expected allow, got ask by shell-ask']])
  })

  it('an ask case takes no code', () => {
    const text = 'rules: []\ntests:\n  - { agent: a, tool: t, args: {}, decision: ask, code: ERR_POLICY_DENIED }\n'
    expect(faultsOf([{ path: 'p.yaml', text }]).map((f) => f.message)).toEqual([expect.stringContaining('an ask has no code')])
  })

  it('lint: an allow that an ask always overrides never allows; an ask that a deny always overrides never asks', () => {
    const text = 'rules:\n  - { id: al, effect: allow, agents: [a], tools: [t] }\n  - { id: as, effect: ask, agents: [a], tools: [t], approval: { group: g, reason: r } }\n  - { id: de, effect: deny, agents: [a], tools: [u] }\n  - { id: as2, effect: ask, agents: [a], tools: [u], approval: { group: g, reason: r } }\n'
    expect(lintRules([{ path: 'p.yaml', text }]).faults.map((f) => f.message)).toEqual([
      'rules.0: allow rule al can never allow: ask rule as (p.yaml:3) matches every call it matches; narrow as or remove al',
      'rules.3: ask rule as2 can never ask: deny rule de (p.yaml:4) matches every call it matches; narrow de or remove as2',
    ])
  })

  it('policy explain prints decision ask with the approval the rule asks for (exit 0)', async () => {
    const { mkdtemp, writeFile } = await import('node:fs/promises')
    const { tmpdir } = await import('node:os')
    const { join } = await import('node:path')
    const dir = await mkdtemp(join(tmpdir(), 'verbatim-ask-'))
    await writeFile(join(dir, 'p.yaml'), 'rules:\n  - { id: shell-ask, effect: ask, agents: [a], tools: [shell.exec], approval: { group: oncall, approvers: 2, reason: why } }\n')
    await writeFile(join(dir, 'args.json'), '{"argv":["ls"]}')
    const r = await runCli(['policy', 'explain', '--policy', join(dir, 'p.yaml'), '--agent', 'a', '--tool', 'shell.exec', join(dir, 'args.json')])
    expect(r.code).toBe(0)
    const d = JSON.parse(r.out) as { decision: string; asks: unknown[] }
    expect(d.decision).toBe('ask')
    expect(d.asks).toEqual([{ rule: 'shell-ask', group: 'oncall', approvers: 2, validSeconds: 900, reason: 'why' }])
  })
})

describe('ask rules nobody could approve, warned at the gate\'s start', () => {
  it('warns of an ask rule on a gate without approvals, and of a group approvals.groups does not define', async () => {
    const { policyWarnings } = await import('../../src/policy/index.js')
    const { ConfigSchema } = await import('../../src/config/index.js')
    const base = {
      policies: ['p'], agents: [{ id: 'a', token: { env: 'T' } }], upstreams: [{ name: 'u', url: 'http://127.0.0.1:9', audience: 'x' }], routes: [{ tools: ['*'], upstream: 'u' }], signing: { keyFile: 'k' },
    }
    const p = policyOf([ASK])
    expect(await policyWarnings(ConfigSchema.parse(base), p)).toContain('policy warning: ask rule shell-ask: this gate has no approvals section, so its calls are refused (ERR_APPROVAL_UNAVAILABLE)')
    const other = ConfigSchema.parse({ ...base, approvals: { console: { origin: 'http://localhost:8081' }, groups: { security: ['carol'] } } })
    expect(await policyWarnings(other, p)).toContain('policy warning: ask rule shell-ask: approver group oncall is not in approvals.groups, so its calls are refused (ERR_APPROVAL_UNAVAILABLE)')
    const fine = ConfigSchema.parse({ ...base, approvals: { console: { origin: 'http://localhost:8081' }, groups: { oncall: ['alice'] } } })
    expect((await policyWarnings(fine, p)).filter((w) => w.includes('ask rule'))).toEqual([])
  })
})
