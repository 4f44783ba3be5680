import { describe, expect, it } from 'vitest'
import type { AuditArguments, AuditRecord, JsonValue } from '../../src/audit/index.js'
import { buildRecord, decisionRecordFields, jcs, policyRecordFields, sha256Hex } from '../../src/audit/index.js'
import { explainDecision, pickPolicyRecord } from '../../src/auditor/index.js'
import { compilePolicy, evaluate } from '../../src/policy/index.js'

const TEXT = `rules:
  - id: read-ws
    effect: allow
    agents: [coder]
    tools: [fs.read]
    when:
      - { pointer: /path, pathUnder: /workspace }
      - { pointer: /token, type: string }
  - id: no-env
    effect: deny
    agents: ["*"]
    tools: [fs.read]
    when:
      - { pointer: /path, pattern: '\\.env$' }
`
const policy = compilePolicy([{ path: 'policies/p.yaml', text: TEXT }])
const policyRecord = buildRecord(1, 1, 'policy', '0'.repeat(64), policyRecordFields(policy, ['policies'])).record

function decided(agent: string, value: { [k: string]: JsonValue }, args: AuditArguments, edit: Record<string, JsonValue> = {}): AuditRecord {
  const d = evaluate(policy, { agent, tool: 'fs.read', value })
  const fields = {
    decisionId: 'd-1', agent, tool: 'fs.read', verdict: d.decision, ...(d.code === undefined ? {} : { code: d.code }),
    digest: sha256Hex(jcs(value)), ...decisionRecordFields(d, value, args), ...edit,
  }
  return buildRecord(5, 5, 'decision', '0'.repeat(64), fields).record
}

const full: AuditArguments = { mode: 'full', redact: [] }

describe('audit explain: re-proving a recorded decision', () => {
  it('reproduces an allow, rule by rule, from full arguments that hash to the decision\'s digest', () => {
    const x = explainDecision(decided('coder', { path: '/workspace/a', token: 't' }, full), policyRecord)
    expect(x.status).toBe('reproduced')
    expect(x.arguments).toEqual({ mode: 'full', redacted: [], digestMatches: true })
    expect(x.policy?.matches).toBe(true)
    expect(x.replay?.conditions.map((c) => [c.rule, c.op, c.recorded, c.now])).toEqual([
      ['no-env', 'pattern', false, false], ['read-ws', 'pathUnder', true, true], ['read-ws', 'type', true, true],
    ])
  })

  it('reproduces a deny and the default deny, with their codes and rules', () => {
    const deny = explainDecision(decided('coder', { path: '/workspace/.env', token: 't' }, full), policyRecord)
    expect([deny.status, deny.replay?.decision, deny.replay?.code, deny.replay?.ruleIds]).toEqual(['reproduced', 'deny', 'ERR_POLICY_DENIED', ['no-env']])
    const none = explainDecision(decided('intruder', { path: '/workspace/a' }, full), policyRecord)
    expect([none.status, none.replay?.code, none.recorded.reason]).toEqual(['reproduced', 'ERR_POLICY_NO_MATCH', 'no rule allows this call (default deny)'])
  })

  it('takes the recorded outcome of a condition on a redacted value, and says so', () => {
    const x = explainDecision(decided('coder', { path: '/workspace/a', token: 't' }, { mode: 'redacted', redact: ['/token'] }), policyRecord)
    expect(x.status).toBe('reproduced')
    expect(x.arguments).toEqual({ mode: 'redacted', redacted: ['/token'], digestMatches: null })
    expect(x.replay?.conditions.find((c) => c.op === 'type')).toMatchObject({ recorded: true, now: null })
  })

  it('fails when the recorded verdict does not follow: a record edited, or policy text that is not the policy that decided', () => {
    const edited = explainDecision(decided('coder', { path: '/workspace/.env', token: 't' }, full, { verdict: 'allow', code: null, ruleIds: ['read-ws'] }), policyRecord)
    expect(edited.status).toBe('not-reproduced')
    expect(edited.differences).toContain('verdict: recorded allow, re-evaluated deny')
    const other = buildRecord(1, 1, 'policy', '0'.repeat(64), { ...policyRecordFields(compilePolicy([{ path: 'p', text: TEXT.replace('.env', '.envrc') }]), []), digest: policy.digest }).record
    const x = explainDecision(decided('coder', { path: '/workspace/.env', token: 't' }, full), other)
    expect(x.status).toBe('not-reproduced')
    expect(x.differences[0]).toMatch(/^the recorded policy text compiles to digest/)
    const lying = explainDecision(decided('coder', { path: '/workspace/a', token: 't' }, full, { arguments: { path: '/workspace/b', token: 't' } }), policyRecord)
    expect(lying.differences).toContain('the recorded arguments do not hash to the decision\'s digest')
  })

  it('cannot check without arguments, without the policy text, or for a call rejected before policy', () => {
    expect(explainDecision(decided('coder', { path: '/workspace/a', token: 't' }, { mode: 'none', redact: [] }), policyRecord).why).toMatch(/holds no arguments/)
    expect(explainDecision(decided('coder', { path: '/workspace/a', token: 't' }, full), null).why).toMatch(/no policy record with the text/)
    const reject = buildRecord(5, 5, 'decision', '0'.repeat(64), { decisionId: 'd-2', verdict: 'reject', code: 'ERR_CANONICAL_DUPLICATE_KEY' }).record
    expect(explainDecision(reject, policyRecord)).toMatchObject({ status: 'cannot-check', why: expect.stringMatching(/before policy decided/) })
  })

  it('picks the last policy record with the decision\'s digest and its text before the decision', () => {
    const d = decided('coder', { path: '/workspace/a', token: 't' }, full)
    const later = buildRecord(9, 9, 'policy', '0'.repeat(64), policyRecordFields(policy, [])).record
    const bare = buildRecord(3, 3, 'policy', '0'.repeat(64), { digest: policy.digest, paths: [], ok: true }).record
    expect(pickPolicyRecord(d, [policyRecord, bare, later])).toBe(policyRecord)
    expect(pickPolicyRecord(d, [later])).toBe(later)
  })
})
