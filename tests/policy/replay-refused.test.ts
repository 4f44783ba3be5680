/**
 * A deny that matched because a parser refused the value is recorded with `refused: true`, so
 * `audit explain` can stand the recorded outcome in for a redacted argument and still reproduce the
 * deny. Before, the record said only held: false, and the replay read it as "did not match".
 */
import { describe, expect, it } from 'vitest'
import { decisionRecordFields } from '../../src/audit/index.js'
import { replayDecision } from '../../src/policy/index.js'
import type { RecordedReason } from '../../src/policy/index.js'
import { decide, policyOf } from './helpers.js'

describe('a refused condition in the record', () => {
  const p = policyOf([
    { id: 'any', effect: 'allow', agents: ['a'], tools: ['t'] },
    { id: 'no-rm', effect: 'deny', agents: ['a'], tools: ['t'], when: [{ pointer: '/command', shell: { some: { pointer: '/name', equals: 'rm' } } }] },
  ])
  const value = { command: 'ls; rm -rf /' }
  const d = decide(p, value)

  it('is written as refused: true, and replays to the same deny with the argument redacted', () => {
    expect(d).toMatchObject({ decision: 'deny', ruleIds: ['no-rm'] })
    const fields = decisionRecordFields(d, value, undefined)
    const recorded = fields['reasons'] as unknown as RecordedReason[]
    expect(recorded).toEqual([{ rule: 'any', held: true }, { rule: 'no-rm', held: false, refused: true, op: 'shell', pointer: '/command' }])
    const r = replayDecision(p, { agent: 'a', tool: 't', value: { command: '[redacted]' } }, { recorded, redacted: (reads) => reads.includes('/command') })
    expect(r).toMatchObject({ decision: 'deny', ruleIds: ['no-rm'] })
  })
})
