/**
 * @module auditor/approvals: every person's approval in an approved log, re-verified from the log
 * alone (src/approval/record.ts), and what each executed ask call needed of them: a valid approval of
 * the same agent, tool, audience and digest by the approvers its decision names, used once.
 */
import { parse } from 'yaml'
import { verifyApprovalRecord } from '../approval/index.js'
import type { AuditRecord, JsonValue } from '../audit/index.js'

/** One approver's signed action, as its record says and as it verifies now. */
export interface CheckedVote {
  approvalId: string
  approver: string
  action: 'approve' | 'deny'
  credentialId: string
  assertionDigest: string
  /** The subject's agent, tool, audience, approval digest and asking decision. */
  agent: string
  tool: string
  audience: string
  digest: string
  askedBy: string
  ts: number
  seq: number
  ok: boolean
  why?: string
}

/** One approver's record in a report. */
export interface ApproverSummary {
  approver: string
  approved: number
  denied: number
  /** Approvals of theirs that ran a call. */
  ran: number
  /** Records of theirs that do not verify. */
  invalid: number
  tools: string[]
}

/** What an executed decision needs to have run under approval. */
export interface AskedCall {
  decisionId: string
  approvalId?: string
  approvalDigest?: string
  approvers?: Array<{ approver: string; credentialId: string; assertionDigest: string }>
  agent?: string
  tool?: string
  audience?: string
  digest?: string
  policyDigest?: string
  ruleIds?: string[]
}

const s = (r: AuditRecord, k: string): string => (typeof r[k] === 'string' ? (r[k] as string) : '')

/** The ids of ask rules in a policy record's text (its files are YAML; a file that does not parse asks nothing). */
function askRules(p: AuditRecord): string[] {
  const sources = Array.isArray(p['sources']) ? p['sources'] : []
  return sources.flatMap((src: JsonValue) => {
    const text = typeof src === 'object' && src !== null && !Array.isArray(src) && typeof src['text'] === 'string' ? src['text'] : ''
    try {
      const rules = (parse(text) as { rules?: Array<{ id?: unknown; effect?: unknown }> } | null)?.rules ?? []
      return rules.filter((r) => r.effect === 'ask' && typeof r.id === 'string').map((r) => r.id as string)
    } catch {
      return []
    }
  })
}

export class ApprovalLedger {
  readonly #records: AuditRecord[] = []
  readonly #votes = new Map<string, CheckedVote[]>()
  readonly #askRules = new Map<string, Set<string>>()
  /** Approvals that ran a call, by id, with the first decision that ran under each. */
  readonly ran = new Map<string, string>()
  #verified = false

  /** An approved-log record: `approval` records are kept to verify, `policy` records for their ask rules. */
  add(r: AuditRecord): void {
    if (r.type === 'approval') {
      this.#records.push(r)
      this.#verified = false
    } else if (r.type === 'policy' && r['ok'] === true && typeof r['digest'] === 'string') {
      const set = this.#askRules.get(r['digest']) ?? new Set<string>()
      for (const id of askRules(r)) set.add(id)
      this.#askRules.set(r['digest'], set)
    }
  }

  /**
   * What an allow decision keeps: its approval (an ask call), or, under a policy with ask rules, its
   * rule ids (to find an ask call that ran without one). Nothing more: a million decisions must fit.
   */
  askedFields(r: AuditRecord, policyDigest: string | undefined): Pick<AskedCall, 'approvalId' | 'approvalDigest' | 'approvers' | 'ruleIds'> {
    const approvalId = s(r, 'approvalId')
    if (approvalId === '') {
      const asks = (this.#askRules.get(policyDigest ?? '')?.size ?? 0) > 0
      return asks && Array.isArray(r['ruleIds']) ? { ruleIds: r['ruleIds'].filter((x): x is string => typeof x === 'string') } : {}
    }
    const list = Array.isArray(r['approvers']) ? r['approvers'] : []
    const approvers = list.flatMap((a) => (typeof a === 'object' && a !== null && !Array.isArray(a) && typeof a['approver'] === 'string' && typeof a['credentialId'] === 'string' && typeof a['assertionDigest'] === 'string'
      ? [{ approver: a['approver'], credentialId: a['credentialId'], assertionDigest: a['assertionDigest'] }] : []))
    return { approvalId, approvers, ...(s(r, 'approvalDigest') === '' ? {} : { approvalDigest: s(r, 'approvalDigest') }) }
  }

  get pending(): boolean {
    return this.#records.length > 0 && !this.#verified
  }

  /** Re-verifies every approval record read (WebAuthn Level 3 §7.2, with the recorded public key). */
  async verify(): Promise<void> {
    for (const r of this.#records.splice(0)) {
      const v = await verifyApprovalRecord(r)
      const subject = v.record?.subject
      const vote: CheckedVote = {
        approvalId: s(r, 'approvalId'), approver: s(r, 'approver'), action: r['action'] === 'deny' ? 'deny' : 'approve', credentialId: s(r, 'credentialId'), assertionDigest: s(r, 'assertionDigest'),
        agent: subject?.agent ?? '', tool: subject?.tool ?? '', audience: subject?.audience ?? '', digest: subject?.digest ?? '', askedBy: subject?.decisionId ?? '',
        ts: r.ts, seq: r.seq, ok: v.ok, ...(v.ok ? {} : { why: v.why }),
      }
      this.#votes.set(vote.approvalId, [...(this.#votes.get(vote.approvalId) ?? []), vote])
    }
    this.#verified = true
  }

  votesOf(approvalId: string): readonly CheckedVote[] {
    return this.#votes.get(approvalId) ?? []
  }

  /** Every vote read, in log order. */
  all(): CheckedVote[] {
    return [...this.#votes.values()].flat().sort((a, b) => a.seq - b.seq)
  }

  /** Each executed call's approval problem, and every approval that ran more than one call, in decision order. */
  judge(ran: readonly AskedCall[], add: (cls: 'approval-missing' | 'approval-invalid' | 'approval-reused', d: AskedCall, message: string) => void): void {
    const first = new Map<string, string>()
    for (const d of ran) {
      const p = this.problem(d)
      if (p !== undefined) add(p.cls, d, p.message)
      if (d.approvalId === undefined) continue
      const before = first.get(d.approvalId)
      if (before !== undefined) add('approval-reused', d, `approval ${d.approvalId} ran decision ${before} already`)
      else first.set(d.approvalId, d.decisionId)
    }
    for (const [k, v] of first) this.ran.set(k, v)
  }

  /** Per approver: approvals and denials signed, how many of the approvals ran a call, records that do not verify. */
  byApprover(): ApproverSummary[] {
    const m = new Map<string, ApproverSummary>()
    for (const v of this.all()) {
      const a = m.get(v.approver) ?? { approver: v.approver, approved: 0, denied: 0, ran: 0, invalid: 0, tools: [] }
      m.set(v.approver, a)
      if (!v.ok) a.invalid++
      else if (v.action === 'deny') a.denied++
      else a.approved++
      if (v.ok && v.action === 'approve' && this.ran.has(v.approvalId)) a.ran++
      if (!a.tools.includes(v.tool)) a.tools.push(v.tool)
    }
    return [...m.values()].sort((x, y) => (x.approver < y.approver ? -1 : 1))
  }

  /** Why an executed call did not run under a valid approval, or undefined when it did (or asked for none). */
  problem(d: AskedCall): { cls: 'approval-missing' | 'approval-invalid'; message: string } | undefined {
    if (d.approvalId === undefined) {
      const asks = this.#askRules.get(d.policyDigest ?? '')
      const by = (d.ruleIds ?? []).filter((id) => asks?.has(id) === true)
      return by.length === 0 ? undefined : { cls: 'approval-missing', message: `decided by ask rule ${by.join(', ')}, and ran with no approval` }
    }
    const votes = this.votesOf(d.approvalId)
    const bad = votes.filter((v) => !v.ok)
    if (bad.length > 0) return { cls: 'approval-invalid', message: `approval ${d.approvalId}: the record of ${bad.map((v) => `${v.approver}'s ${v.action}`).join(', ')} does not verify (${bad[0]?.why ?? ''})` }
    const denied = votes.find((v) => v.action === 'deny')
    if (denied !== undefined) return { cls: 'approval-invalid', message: `approval ${d.approvalId} was denied by ${denied.approver}, and the call ran` }
    const named = d.approvers ?? []
    if (named.length === 0) return { cls: 'approval-invalid', message: `decision ${d.decisionId} names approval ${d.approvalId} and no approver` }
    for (const a of named) {
      const v = votes.find((x) => x.action === 'approve' && x.approver === a.approver && x.credentialId === a.credentialId && x.assertionDigest === a.assertionDigest)
      if (v === undefined) return { cls: 'approval-invalid', message: `approval ${d.approvalId}: no valid record of ${a.approver}'s approval with the assertion the decision names` }
      const digest = d.approvalDigest ?? d.digest
      const differs = ([['agent', d.agent], ['tool', d.tool], ['audience', d.audience], ['digest', digest]] as const).find(([k, want]) => want !== undefined && v[k] !== want)
      if (differs !== undefined) return { cls: 'approval-invalid', message: `approval ${d.approvalId}: ${a.approver} approved ${differs[0]} ${v[differs[0]]}, and the call ran with ${differs[1]}` }
    }
    return undefined
  }
}
