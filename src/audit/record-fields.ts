/** @module audit/record-fields: the fields the gate and the guard write into decision, execution and policy records; pure. */
import { recordArguments } from './arguments.js'
import type { AuditArguments } from './arguments.js'
import { sha256Hex } from './record.js'
import type { JsonValue } from './types.js'

/** What policy decided (the shape of policy's `Decision`). */
export interface DecidedBy {
  decision: 'allow' | 'deny' | 'ask'
  code?: string
  ruleIds: readonly string[]
  reasons: readonly { rule: string; pointer?: string; op?: string; held: boolean; refused?: true; why: string }[]
  policyDigest: string
}

export const DEFAULT_DENY_REASON = 'no rule allows this call (default deny)'

/**
 * The decision record's policy fields: the policy digest, the rules that decided, a reason (for a
 * denial also as `message`), every condition's outcome rule by rule (`reasons`, which `audit explain`
 * replays), and the arguments as `audit.arguments` says. Outside `full`, reasons and message carry
 * no argument values: a condition's explanation quotes them.
 */
export function decisionRecordFields(d: DecidedBy, value: JsonValue, args: AuditArguments | undefined): Record<string, JsonValue> {
  const full = args?.mode === 'full'
  const reasons: JsonValue[] = d.reasons.map((r) => {
    const o: Record<string, JsonValue> = { rule: r.rule, held: r.held }
    if (r.refused === true) o['refused'] = true // a parser refused the value: a deny matched on it (docs/policy.md)
    if (r.op !== undefined) o['op'] = r.op
    if (r.pointer !== undefined) o['pointer'] = r.pointer
    if (full) o['why'] = r.why
    return o
  })
  const out: Record<string, JsonValue> = { policyDigest: d.policyDigest, ruleIds: [...d.ruleIds], reason: reasonText(d, full), reasons, ...recordArguments(value, args) }
  if (d.decision === 'deny') out['message'] = out['reason'] as string
  return out
}

/** One line: which rules allowed or denied, and on which conditions; the default deny says so. */
export function reasonText(d: DecidedBy, withValues: boolean): string {
  if (d.decision === 'allow') return `allowed by rule ${d.ruleIds.join(', ')}`
  if (d.decision === 'ask') return `a person's approval asked by rule ${d.ruleIds.join(', ')}`
  if (d.code === 'ERR_POLICY_NO_MATCH' || d.ruleIds.length === 0) return DEFAULT_DENY_REASON
  return d.ruleIds.map((id) => {
    const held = d.reasons.filter((r) => r.rule === id && r.held && r.op !== undefined)
    const parts = held.map((r) => (withValues ? `${r.pointer === undefined ? '' : `${r.pointer}: `}${r.why}` : `${r.pointer === undefined ? '' : `${r.pointer} `}${r.op}`))
    return parts.length === 0 ? `denied by rule ${id}` : `denied by rule ${id} (${parts.join(', ')})`
  }).join('; ')
}

/** What the guard verified (the shape of guard's `VerifiedBinding`), and the request it came in. */
export interface ExecutedBinding {
  decisionId: string
  agent: string
  tool: string
  audience: string
  policyDigest: string
  digest: string
  keyid: string
  nonce: string
  created: number
  expires: number
  /** A tool the guard requires approvals for: the approval it ran under. */
  approval?: { id: string; expires: number; approvers: readonly string[] }
}

/**
 * The execution record: every bound field as the guard received it, so that reconcile compares
 * each with the decision (tool, agent, audience, method, target, policy digest, key, nonce).
 */
export function executionRecordFields(v: ExecutedBinding, request: { method: string; path: string; query?: string }): Record<string, JsonValue> {
  const q = request.query ?? ''
  return {
    decisionId: v.decisionId, agent: v.agent, tool: v.tool, audience: v.audience, policyDigest: v.policyDigest,
    method: request.method, target: q === '' ? request.path : `${request.path}${q.startsWith('?') ? q : `?${q}`}`,
    digest: v.digest, keyid: v.keyid, nonce: v.nonce, created: v.created, expires: v.expires, status: 'accepted',
    ...(v.approval === undefined ? {} : { approvalId: v.approval.id, approvalExpires: v.approval.expires, approvers: [...v.approval.approvers] }),
  }
}

/**
 * A `policy` record that carries the policy's text: each source file's path, SHA-256 and content,
 * so `audit explain` can compile the very policy that decided and check its digest.
 */
export function policyRecordFields(policy: { digest: string; sources: readonly { path: string; text: string }[] }, paths: readonly string[]): Record<string, JsonValue> {
  return {
    digest: policy.digest,
    paths: [...paths],
    ok: true,
    sources: policy.sources.map((s) => ({ path: s.path, sha256: sha256Hex(s.text), text: s.text })),
  }
}
