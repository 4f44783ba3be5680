/** @module policy/replay: evaluate again, condition by condition, a call whose outcome was recorded; pure. */
import type { CompiledPolicy } from './compile.js'
import type { Effect } from './effects.js'
import { ruleMatches, rulesForTool } from './evaluate.js'
import type { PolicyRequest } from './evaluate.js'

/** A condition's outcome as a decision record keeps it (the audit record's `reasons`). */
export interface RecordedReason { rule: string; op?: string; pointer?: string; held: boolean; refused?: boolean }

export interface ReplayedCondition {
  rule: string
  effect: Effect
  op?: string
  pointer?: string
  /** What the record says, or null when it says nothing for this condition. */
  recorded: boolean | null
  /** What it evaluates to now, or null when its value was redacted (then the recorded outcome is used). */
  now: boolean | null
  /** True when a parser refused the value now (it neither held nor failed; a deny rule matches on it). */
  refused?: true
}

export interface ReplayResult {
  /** `undetermined` when a redacted condition has no recorded outcome to stand in for it. */
  decision: 'allow' | 'deny' | 'ask' | 'undetermined'
  code?: 'ERR_POLICY_NO_MATCH' | 'ERR_POLICY_DENIED'
  ruleIds: string[]
  conditions: ReplayedCondition[]
}

/**
 * Evaluates `request` under `policy` exactly as `evaluate` does, and lines each condition up with
 * the recorded one at the same place. A condition that reads a redacted value cannot be evaluated
 * again: its recorded outcome stands in, and the result says so per condition.
 * @example replayDecision(policy, { agent, tool, value }, { recorded: record.reasons, redacted: (reads) => reads.includes('/token') })
 */
export function replayDecision(
  policy: CompiledPolicy,
  request: PolicyRequest,
  o: { recorded?: readonly RecordedReason[]; redacted?: (reads: readonly string[]) => boolean } = {},
): ReplayResult {
  const conditions: ReplayedCondition[] = []
  const allows: string[] = []
  const denies: string[] = []
  const asks: string[] = []
  let unknown = false
  let k = 0
  const recordedAt = (rule: string, op: string | undefined): { held: boolean | null; refused: boolean } => {
    const r = o.recorded?.[k++]
    return r !== undefined && r.rule === rule && r.op === op ? { held: r.held, refused: r.refused === true } : { held: null, refused: false }
  }
  for (const rule of rulesForTool(policy, request.tool)) {
    if (!rule.allAgents && !rule.agents.has(request.agent)) continue
    // held, failed, refused, or null when a redacted condition has no recorded outcome.
    let outcome: 'held' | 'failed' | 'refused' | null = 'held'
    if (rule.checks.length === 0) conditions.push({ rule: rule.id, effect: rule.effect, recorded: recordedAt(rule.id, undefined).held, now: true })
    for (const check of rule.checks) {
      const rec = recordedAt(rule.id, check.op)
      const hidden = o.redacted?.(check.reads) === true
      const got = hidden ? null : check.test(request.value, request.value)
      const c: ReplayedCondition = { rule: rule.id, effect: rule.effect, op: check.op, recorded: rec.held, now: got === null ? null : got === 'held' }
      if (check.pointer !== undefined) c.pointer = check.pointer
      if (got === 'refused') c.refused = true
      conditions.push(c)
      const used = got ?? (rec.held === null ? null : rec.held ? 'held' : rec.refused ? 'refused' : 'failed')
      if (used === 'failed') outcome = 'failed'
      else if (outcome !== 'failed') outcome = used === null ? null : outcome === 'held' ? used : outcome
    }
    if (outcome === null) unknown = true
    else if (ruleMatches(rule.effect, outcome)) (rule.effect === 'deny' ? denies : rule.effect === 'ask' ? asks : allows).push(rule.id)
  }
  if (unknown) return { decision: 'undetermined', ruleIds: [], conditions }
  if (denies.length > 0) return { decision: 'deny', code: 'ERR_POLICY_DENIED', ruleIds: denies, conditions }
  if (asks.length > 0) return { decision: 'ask', ruleIds: asks, conditions }
  if (allows.length > 0) return { decision: 'allow', ruleIds: allows, conditions }
  return { decision: 'deny', code: 'ERR_POLICY_NO_MATCH', ruleIds: [], conditions }
}
