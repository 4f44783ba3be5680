/** What a real gate and guard write for the auditor: arguments (redacted), rules and reasons, bound fields, policy text. */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AuditRecord } from '../../src/audit/index.js'
import { redactedDigest } from '../../src/audit/index.js'
import { BOUND_FIELDS, reconcilePaths } from '../../src/auditor/index.js'
import { compilePolicy } from '../../src/policy/index.js'
import { startStack } from '../helpers/stack.js'
import type { Stack } from '../helpers/stack.js'
import { runCli } from '../helpers/cli.js'
import type { Run } from '../helpers/cli.js'

const POLICY = `rules:
  - id: read-ws
    effect: allow
    agents: [coder]
    tools: [fs.read]
    when:
      - { pointer: /path, pathUnder: /workspace }
  - id: no-env
    effect: deny
    agents: ["*"]
    tools: [fs.read]
    when:
      - { pointer: /path, pattern: '\\.env$' }
`

let stack: Stack
const ids: Record<string, string> = {}
let approved: AuditRecord[]
let executed: AuditRecord[]

beforeAll(async () => {
  stack = await startStack({
    gate: (dir) => {
      writeFileSync(join(dir, 'audit-policy.yaml'), POLICY)
      return { policies: [join(dir, 'audit-policy.yaml')], audit: { dir: join(dir, 'approved'), arguments: 'redacted', redact: ['/auth'] } }
    },
  })
  const call = async (name: string, tool: string, body: string): Promise<void> => {
    const res = await stack.call(tool, body)
    await res.arrayBuffer()
    ids[name] = res.headers.get('verbatim-decision-id') ?? ''
  }
  await call('allowed', 'fs.read', '{"path":"/workspace/a","auth":{"user":"u","password":"p4ss"}}')
  await call('denied', 'fs.read', '{"path":"/workspace/.env"}')
  await call('defaultDeny', 'fs.write', '{"path":"/workspace/a"}')
  approved = await stack.approved()
  executed = await stack.executed()
})
afterAll(async () => {
  await stack.close()
})

const decision = (name: string): AuditRecord => approved.find((r) => r.type === 'decision' && r['decisionId'] === ids[name]) as AuditRecord

const cli = (...argv: string[]): Promise<Run> => runCli(argv)

describe('audit records from real gate traffic', () => {
  it('keep the canonical arguments with each redacted value replaced by the digest of what was there', () => {
    expect(decision('allowed')['arguments']).toEqual({ auth: redactedDigest({ user: 'u', password: 'p4ss' }), path: '/workspace/a' })
    expect(decision('allowed')['redacted']).toEqual(['/auth'])
    expect(JSON.stringify(approved)).not.toContain('p4ss')
  })

  it('record the rules and the reason of every denial, the default deny included, with no argument values in them', () => {
    expect(decision('denied')).toMatchObject({ verdict: 'deny', code: 'ERR_POLICY_DENIED', ruleIds: ['no-env'], reason: 'denied by rule no-env (/path pattern)', message: 'denied by rule no-env (/path pattern)' })
    expect(decision('defaultDeny')).toMatchObject({ verdict: 'deny', code: 'ERR_POLICY_NO_MATCH', ruleIds: [], reason: 'no rule allows this call (default deny)' })
    expect(decision('allowed')).toMatchObject({ reason: 'allowed by rule read-ws', reasons: [{ rule: 'no-env', op: 'pattern', pointer: '/path', held: false }, { rule: 'read-ws', op: 'pathUnder', pointer: '/path', held: true }] })
    expect(JSON.stringify(decision('denied')['reasons'])).not.toContain('.env"')
  })

  it('write every bound field into the execution record, equal to the decision\'s', () => {
    const x = executed.find((r) => r.type === 'execution' && r['decisionId'] === ids['allowed']) as AuditRecord
    for (const [f] of BOUND_FIELDS) expect([f, x[f]]).toEqual([f, decision('allowed')[f]])
    expect(x['method']).toBe('POST')
    expect(x['target']).toBe('/v1/tools/fs.read')
  })

  it('keep the policy text in the policy record: it compiles to the digest that decided', () => {
    const p = approved.find((r) => r.type === 'policy') as AuditRecord
    const sources = p['sources'] as { path: string; text: string }[]
    expect(sources.map((s) => s.text)).toEqual([POLICY])
    expect(compilePolicy(sources).digest).toBe(decision('allowed')['policyDigest'])
  })

  it('let audit explain re-prove each decision, and reconcile find every call executed exactly as approved', async () => {
    for (const name of ['allowed', 'denied', 'defaultDeny']) {
      const r = await cli('audit', 'explain', ids[name] as string, '--approved', join(stack.dir, 'approved'))
      expect([name, r.code]).toEqual([name, 0])
      expect(r.out).toContain('REPRODUCED')
    }
    const run = await reconcilePaths({ approved: [join(stack.dir, 'approved')], executed: [join(stack.dir, 'executed')], graceMs: 60_000, now: Date.now() })
    expect(run.result.counts.ok).toBe(1)
    expect(run.result.violations).toBe(0)
    expect(run.result.executor.succeeded).toBe(1)
  })
})
