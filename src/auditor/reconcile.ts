/** @module auditor/reconcile: joins approved (gate) and executed (guard) records, streaming; pure. */
import { isProbeRecord as isProbe } from '../binding/index.js'
import { mismatch } from './reconcile-compare.js'
import type { Outcome } from './reconcile-outcome.js'
import { executedOutcome, forwardOf, tally, unexecutedOutcome } from './reconcile-outcome.js'
import type { DecisionRef, ExecutionRef, ExecutorOutcomes, ForwardOutcome, PairView, ReconcileClass, ReconcileItem, ReconcileOptions, ReconcileResult } from './reconcile-types.js'
import { CLASS_LEVEL, RECONCILE_CLASSES } from './reconcile-types.js'
import type { AuditRecord } from '../audit/index.js'
import { ApprovalLedger } from './approvals.js'

export { BOUND_FIELDS, CLASS_LEVEL, RECONCILE_CLASSES } from './reconcile-types.js'
export type { BoundField, ClassLevel, DecisionRef, ExecutionRef, ForwardOutcome, Mismatch, PairView, ReconcileClass, ReconcileItem, ReconcileOptions, ReconcileResult } from './reconcile-types.js'

/** The gate's guard probes, by the rule the guard counts them by (src/binding/probe.ts). */
export { PROBE_TOOL, isProbeRecord as isProbe } from '../binding/index.js'

/** An executor's answer that is not a success (2xx, 3xx). */
export function executorFailed(status: number): boolean {
  return !(status >= 200 && status < 400)
}

interface Entry extends DecisionRef {
  /** Executions seen for this decision. */
  ran: number
  /** The first execution, when it matched the decision exactly and in time (and the filter kept it); its receipt's status once read. */
  accepted?: { x: ExecutionRef; receipt?: number }
  /** The gate's record of the call's end. */
  fwd?: ForwardOutcome
  /** The code of the first refusal a guard recorded for it. */
  refusal?: string
}

const str = (r: AuditRecord, k: string): string | undefined => (typeof r[k] === 'string' ? (r[k] as string) : undefined)
const num = (r: AuditRecord, k: string): number | undefined => (typeof r[k] === 'number' ? (r[k] as number) : undefined)

/**
 * Feed every approved record first, then every executed one (`approved`, `executed`), then `finish`.
 * Memory holds one compact entry per decision. An execution that differs from its decision is
 * classified as it is read; the end of every call (receipt, forward record, refusal) once all is read.
 * Nothing reads a clock: the result is a function of the records alone.
 * @example
 * const r = new Reconciler({ graceMs: 60_000 })
 * for (const rec of gateRecords) r.approved(rec, 'logs/gate')
 * for (const rec of guardRecords) r.executed(rec, 'logs/guard')
 * const { counts, items } = r.finish()
 */
export class Reconciler {
  readonly #opts: ReconcileOptions
  readonly #decisions = new Map<string, Entry>()
  readonly #kids = new Set<string>()
  readonly #interned = new Map<string, string>()
  readonly #counts = Object.fromEntries(RECONCILE_CLASSES.map((c) => [c, 0])) as Record<ReconcileClass, number>
  readonly #items: ReconcileItem[] = []
  /** Kept items with an execution, by log and decision id, for their receipts. */
  readonly #byExec = new Map<string, ReconcileItem>()
  readonly #refusals: Record<string, number> = {}
  /** Per approved log: the seq of its latest start, stop or recovery (calls approved before it are settled). */
  readonly #restarted = new Map<string, number>()
  #rejectedByGuard = 0
  #probes = 0
  /** Every approval record, re-verified before finish(), and the policies' ask rules. */
  readonly approvals = new ApprovalLedger()

  constructor(opts: ReconcileOptions) {
    this.#opts = opts
  }

  #in(s: string | undefined): string | undefined {
    if (s === undefined) return undefined
    const have = this.#interned.get(s)
    if (have !== undefined) return have
    if (this.#interned.size < 100_000) this.#interned.set(s, s)
    return s
  }

  #pass(v: PairView): boolean {
    return this.#opts.filter === undefined || this.#opts.filter(v)
  }

  /** A record of an approved (gate) log. */
  approved(r: AuditRecord, log: string): void {
    if (r.type === 'start' || r.type === 'stop' || r.type === 'recovery') this.#restarted.set(log, r.seq)
    if (r.type === 'start' && Array.isArray(r['keys'])) {
      for (const k of r['keys']) if (typeof k === 'object' && k !== null && !Array.isArray(k) && typeof k['kid'] === 'string') this.#kids.add(k['kid'])
      return
    }
    if (r.type === 'forward') return this.#forward(r)
    if (r.type === 'approval' || r.type === 'policy') this.approvals.add(r)
    if (r.type !== 'decision') return
    const id = str(r, 'decisionId')
    if (id === undefined || this.#decisions.has(id)) return
    const keyid = str(r, 'keyid')
    if (keyid !== undefined) this.#kids.add(keyid)
    const e: Entry = { log: this.#in(log) as string, seq: r.seq, ts: r.ts, decisionId: id, verdict: str(r, 'verdict') ?? '(none)', ran: 0 }
    for (const k of ['code', 'digest', 'agent', 'tool', 'audience', 'method', 'target', 'policyDigest', 'keyid', 'nonce'] as const) {
      const v = str(r, k)
      if (v !== undefined) e[k] = k === 'digest' || k === 'nonce' ? v : (this.#in(v) as string)
    }
    const expires = num(r, 'expires')
    if (expires !== undefined) e.expires = expires
    if (e.verdict === 'allow') Object.assign(e, this.approvals.askedFields(r, e.policyDigest))
    this.#decisions.set(id, e)
  }

  #forward(r: AuditRecord): void {
    const id = str(r, 'decisionId')
    const d = id === undefined ? undefined : this.#decisions.get(id)
    if (d !== undefined && d.fwd === undefined) d.fwd = forwardOf(r)
  }

  #add(cls: ReconcileClass, d: Entry | undefined, x: ExecutionRef | null, message: string, extra: Partial<ReconcileItem> = {}): void {
    this.#counts[cls]++
    if (cls === 'ok' && this.#opts.keepOk === false) return
    const item: ReconcileItem = { class: cls, decisionId: d?.decisionId ?? (x === null ? null : (str(x.record, 'decisionId') ?? null)), approved: d === undefined ? null : ref(d), executed: x, message, ...extra }
    this.#items.push(item)
    if (x !== null && item.decisionId !== null) this.#byExec.set(`${x.log}\0${item.decisionId}`, item)
  }

  /**
   * A record of an executed (guard) log; every approved record must have been fed before. `late`: the
   * record was appended after the approved logs were fixed (a live reconcile), so an execution whose
   * decision was not read belongs to a call approved after them and is left to the next reconcile.
   */
  executed(r: AuditRecord, log: string, o: { late?: boolean } = {}): void {
    if (r.type === 'receipt') return this.#receipt(r, log)
    if (r.type === 'refusal' || (r.type === 'execution' && str(r, 'status') !== 'accepted')) return this.#refusal(r)
    if (r.type !== 'execution') return
    const id = str(r, 'decisionId')
    const d = id === undefined ? undefined : this.#decisions.get(id)
    if (d === undefined && o.late === true) return
    const x: ExecutionRef = { log, seq: r.seq, ts: r.ts, record: r }
    const first = d !== undefined && d.ran === 0
    if (d !== undefined) d.ran++
    if (!this.#pass({ decisionId: id ?? null, agent: str(r, 'agent'), tool: str(r, 'tool'), ts: r.ts, verdict: d?.verdict, code: d?.code })) return
    const keyid = str(r, 'keyid')
    const trusted = this.#opts.trustedKeyIds
    if (keyid === undefined || !this.#kids.has(keyid) || (trusted !== undefined && !trusted.has(keyid))) {
      const where = keyid !== undefined && this.#kids.has(keyid) ? 'which is not among the trusted keys (--key/--jwks)' : 'which the gate log never shows'
      return this.#add('unknown-key', d, x, `executed under keyid ${keyid ?? '(none)'}, ${where}`)
    }
    if (d === undefined) {
      const probe = isProbe(r) ? ' (a gate probe: the guard accepted a request it must refuse)' : ''
      return this.#add('executed-without-approval', d, x, `no decision ${id ?? '(no id)'} in the approved log${probe}`)
    }
    if (d.verdict !== 'allow') return this.#add('executed-after-deny', d, x, `the gate's verdict was ${d.verdict} (${d.code ?? ''})`)
    const m = mismatch(d, r)
    if (m !== undefined) return this.#add(m.cls, d, x, m.message, { mismatched: m.mismatched })
    if (!first) return this.#add('replayed', d, x, `decision ${d.decisionId} executed more than once`)
    if (afterExpiry(d, r, this.#opts.graceMs)) {
      return this.#add('executed-after-expiry', d, x, `executed at ${iso(r.ts)}, after expiry ${iso((d.expires ?? 0) * 1000)} + grace`)
    }
    // Accepted exactly as approved: its end (receipt, forward record) decides its class in finish().
    d.accepted = { x }
  }

  #refusal(r: AuditRecord): void {
    const id = str(r, 'decisionId')
    const d = id === undefined ? undefined : this.#decisions.get(id)
    if (d !== undefined && d.refusal === undefined) d.refusal = str(r, 'code') ?? '(no code)'
    if (!this.#pass({ decisionId: id ?? null, agent: str(r, 'agent'), tool: str(r, 'tool'), ts: r.ts, code: str(r, 'code') })) return
    if (isProbe(r)) {
      this.#probes++
      return
    }
    this.#rejectedByGuard++
    const code = str(r, 'code') ?? '(no code)'
    this.#refusals[code] = (this.#refusals[code] ?? 0) + 1
  }

  #receipt(r: AuditRecord, log: string): void {
    const id = str(r, 'decisionId')
    const status = num(r, 'status')
    if (id === undefined || status === undefined) return
    const item = this.#byExec.get(`${log}\0${id}`)
    if (item !== undefined && item.executorStatus === undefined) item.executorStatus = status
    const a = this.#decisions.get(id)?.accepted
    if (a !== undefined && a.x.log === log && a.receipt === undefined) a.receipt = status
  }

  /** Re-verifies the approval records read (asynchronous: WebAuthn signatures); call before finish(). */
  async verifyApprovals(): Promise<void> {
    await this.approvals.verify()
  }

  finish(): ReconcileResult {
    if (this.approvals.pending) throw new Error('call verifyApprovals() before finish(): the log holds approval records')
    // Every ask call that ran: a valid approval of its bytes, used once.
    this.approvals.judge([...this.#decisions.values()].filter((d) => d.ran > 0 && d.verdict === 'allow'), (cls, d, message) => this.#add(cls, d as Entry, (d as Entry).accepted?.x ?? null, message))
    let pending = 0
    let denied = 0
    const executor: ExecutorOutcomes = { succeeded: 0, clientError: 0, failed: 0, noReceipt: 0 }
    for (const d of this.#decisions.values()) {
      const settled = (this.#restarted.get(d.log) ?? -1) > d.seq
      const a = d.accepted
      if (a !== undefined) {
        const o = executedOutcome({ receipt: a.receipt, forward: d.fwd, settled })
        tally(executor, o.status)
        if (o.cls === 'pending') pending++
        else this.#end(o, d, a.x)
        continue
      }
      if (d.ran > 0 || !this.#pass({ decisionId: d.decisionId, agent: d.agent, tool: d.tool, ts: d.ts, verdict: d.verdict, code: d.code })) continue
      if (d.verdict !== 'allow') {
        denied++
        continue
      }
      const o = unexecutedOutcome({ forward: d.fwd, refusal: d.refusal, settled })
      if (o.cls === 'pending') pending++
      else this.#end(o, d, null)
    }
    const level = (l: string): number => RECONCILE_CLASSES.reduce((n, c) => (CLASS_LEVEL[c] === l ? n + this.#counts[c] : n), 0)
    return {
      counts: this.#counts, items: this.#items, pending, denied, rejectedByGuard: this.#rejectedByGuard, probes: this.#probes, refusals: this.#refusals,
      executor, violations: level('violation'), attention: level('attention'),
    }
  }

  #end(o: Outcome, d: Entry, x: ExecutionRef | null): void {
    this.#add(o.cls as ReconcileClass, d, x, o.message, { executorStatus: o.status, forward: d.fwd ?? null })
  }
}

/** Executed after its binding's expiry + grace (the guard's clock against the gate's expiry). */
function afterExpiry(d: Entry, r: AuditRecord, graceMs: number): boolean {
  return r.ts > (d.expires ?? Infinity) * 1000 + graceMs
}

function ref(d: Entry): DecisionRef {
  const { ran: _r, accepted: _a, fwd: _f, refusal: _s, ...rest } = d
  return rest
}

function iso(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : String(ms)
}

/**
 * Classifies every (decision, execution) pair; the arrays' convenience form of `Reconciler`, for one
 * gate process's log and one guard's (a gate restart is read from the order of its records).
 * @example
 * const { counts, items } = reconcile(gateRecords, guardRecords, { graceMs: 60_000 })
 */
export function reconcile(approved: readonly AuditRecord[], executed: readonly AuditRecord[], opts: ReconcileOptions): ReconcileResult {
  const r = new Reconciler(opts)
  for (const a of approved) r.approved(a, 'approved')
  for (const e of executed) r.executed(e, 'executed')
  return r.finish()
}
