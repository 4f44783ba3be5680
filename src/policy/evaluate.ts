/** @module policy/evaluate: the pure decision, Cedar-style: default deny, any deny beats everything, an ask beats every allow. */
import type { Outcome } from './check.js'
import type { CompiledPolicy, CompiledRule } from './compile.js'
import type { Effect } from './effects.js'
import { BY_RANK, EFFECT } from './effects.js'
import type { JsonValue } from './json.js'

export interface Reason {
  rule: string
  pointer?: string
  op?: string
  held: boolean
  /** Present when a parser could not read the value with one meaning: the condition neither held nor failed. */
  refused?: true
  why: string
}

/** What one matching ask rule requires: `approvers` distinct people of `group` approve within `validSeconds`. */
export interface AskRequirement {
  rule: string
  group: string
  approvers: number
  validSeconds: number
  reason: string
}

export interface Decision {
  decision: 'allow' | 'deny' | 'ask'
  code?: 'ERR_POLICY_NO_MATCH' | 'ERR_POLICY_DENIED'
  /** The rules that decided: every matching deny when denied, every matching ask when asked, every matching allow when allowed. */
  ruleIds: string[]
  /** An ask: what each matching ask rule requires; an approval must satisfy every one. */
  asks?: AskRequirement[]
  /** One reason per condition of every rule that covers this agent and tool, in rule id order. */
  reasons: Reason[]
  /** The `message` of each denying rule that has one: what the agent is told in place of the conditions. */
  messages?: { rule: string; message: string }[]
  policyDigest: string
}

export interface PolicyRequest { agent: string; tool: string; value: JsonValue }

const NONE: readonly CompiledRule[] = []

/** The rules that cover `tool`, sorted by id. Cost follows the tool name's length, not other tools' rules. */
export function rulesForTool(policy: CompiledPolicy, tool: string): readonly CompiledRule[] {
  let lists: (readonly CompiledRule[])[] | undefined
  let only: readonly CompiledRule[] = policy.exact.get(tool) ?? NONE
  for (const len of policy.prefixLengths) {
    if (len > tool.length) break
    const list = policy.prefixes.get(tool.slice(0, len))
    if (list === undefined) continue
    if (only.length === 0) { only = list; continue }
    lists ??= [only]
    lists.push(list)
  }
  if (lists === undefined) return only
  // A rule may cover the tool through several patterns: merge, dedupe, keep id order.
  const merged = [...new Set(lists.flat())]
  return merged.sort((a, b) => (a.id < b.id ? -1 : 1))
}

/** Whether a rule's conditions, combined, make it match: every one held, or (for an effect that fails closed) none failed and one was refused. */
export function ruleMatches(effect: Effect, outcome: Outcome): boolean {
  return outcome === 'held' || (outcome === 'refused' && EFFECT[effect].matchesWhenRefused)
}

/**
 * Decides one call. Pure: a function of (policy, agent, tool, value) only.
 * @example evaluate(policy, { agent: 'coder', tool: 'fs.read', value: { path: '/workspace/a' } })
 */
export function evaluate(policy: CompiledPolicy, request: PolicyRequest): Decision {
  const matched = new Map<Effect, string[]>()
  const reasons: Reason[] = []
  const root = request.value
  for (const rule of rulesForTool(policy, request.tool)) {
    if (!rule.allAgents && !rule.agents.has(request.agent)) continue
    let outcome: Outcome = 'held'
    if (rule.checks.length === 0) {
      reasons.push({ rule: rule.id, held: true, why: `no conditions: covers every call of ${request.tool} by ${request.agent}` })
    }
    for (const check of rule.checks) {
      const o = check.test(root, root)
      if (o === 'failed') outcome = 'failed'
      else if (o === 'refused' && outcome === 'held') outcome = 'refused'
      const why = check.why(root, root)
      const r: Reason = check.pointer === undefined
        ? { rule: rule.id, op: check.op, held: o === 'held', why }
        : { rule: rule.id, pointer: check.pointer, op: check.op, held: o === 'held', why }
      if (o === 'refused') r.refused = true
      reasons.push(r)
    }
    if (!ruleMatches(rule.effect, outcome)) continue
    const list = matched.get(rule.effect)
    if (list === undefined) matched.set(rule.effect, [rule.id])
    else list.push(rule.id)
  }
  for (const effect of BY_RANK) {
    const ids = matched.get(effect)
    if (ids === undefined) continue
    return decided(policy, effect, ids, reasons)
  }
  return { decision: 'deny', code: 'ERR_POLICY_NO_MATCH', ruleIds: [], reasons, policyDigest: policy.digest }
}

function decided(policy: CompiledPolicy, effect: Effect, ids: string[], reasons: Reason[]): Decision {
  if (effect === 'allow') return { decision: 'allow', ruleIds: ids, reasons, policyDigest: policy.digest }
  if (effect === 'ask') {
    const asks = ids.flatMap((id): AskRequirement[] => {
      const a = policy.rulesById.get(id)?.approval
      return a === undefined ? [] : [{ rule: id, group: a.group, approvers: a.approvers, validSeconds: a.validSeconds, reason: a.reason }]
    })
    return { decision: 'ask', ruleIds: ids, asks, reasons, policyDigest: policy.digest }
  }
  const d: Decision = { decision: 'deny', code: 'ERR_POLICY_DENIED', ruleIds: ids, reasons, policyDigest: policy.digest }
  const messages = ids.flatMap((id) => {
    const message = policy.rulesById.get(id)?.message
    return message === undefined ? [] : [{ rule: id, message }]
  })
  if (messages.length > 0) d.messages = messages
  return d
}

/**
 * The deny reason safe to show the agent: it names only the denying rule(s) and their conditions,
 * never an allow rule or a rule that did not match. A rule with a `message` says that instead of
 * its conditions, so a rule that matches a secret never quotes it back.
 */
export function publicReason(d: Decision): string {
  if (d.decision === 'allow') return 'allowed'
  if (d.decision === 'ask') return (d.asks ?? []).map((a) => `rule ${a.rule} asks ${a.approvers === 1 ? 'a person' : `${a.approvers} people`} of ${a.group} to approve: ${a.reason}`).join('; ')
  if (d.code === 'ERR_POLICY_NO_MATCH') return 'no rule allows this call (default deny)'
  const parts = d.ruleIds.map((id) => {
    const message = d.messages?.find((m) => m.rule === id)?.message
    if (message !== undefined) return `denied by rule ${id}: ${message}`
    const whys = d.reasons.filter((r) => r.rule === id && (r.held || r.refused === true)).map((r) => {
      const why = r.refused === true ? `could not be read: ${r.why}` : r.why
      return r.pointer === undefined ? why : `${r.pointer}: ${why}`
    })
    return whys.length === 0 ? `denied by rule ${id}` : `denied by rule ${id} (${whys.join('; ')})`
  })
  return parts.join('; ')
}
