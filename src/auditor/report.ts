/** @module auditor/report: the auditor's report as data: rates, a timeline per agent, top denials, reconcile and integrity; pure. */
import type { ReconcileVerdict } from './advice.js'
import { verdictOf } from './advice.js'
import type { AuditFilter } from './filter.js'
import { RecordFilter } from './filter.js'
import type { ReconcileRun } from './reconcile-run.js'
import type { ApproverSummary } from './approvals.js'
import type { ExecutorOutcomes, ReconcileClass, ReconcileItem } from './reconcile-types.js'
import { CLASS_LEVEL, RECONCILE_CLASSES } from './reconcile-types.js'
import type { AuditRecord } from '../audit/index.js'

export type Verdict = 'allow' | 'deny' | 'reject'
const VERDICTS: readonly Verdict[] = ['allow', 'deny', 'reject']

/** Bucket widths a timeline may use; the narrowest that fits the span in MAX_BUCKETS is chosen. */
const WIDTHS = [60_000, 300_000, 900_000, 3_600_000, 6 * 3_600_000, 86_400_000, 7 * 86_400_000]
const MAX_BUCKETS = 60
/** Minute counts kept per agent before they fold into hours (a long log stays small). */
const MAX_CELLS = 50_000

type Counts = Record<Verdict, number>
const zero = (): Counts => ({ allow: 0, deny: 0, reject: 0 })

/** Counts decisions as the gate log is read: per verdict, per agent over time, and what was denied. */
export class DecisionStats {
  readonly #filter: RecordFilter
  readonly totals: Counts = zero()
  readonly #agents = new Map<string, { counts: Counts; cells: Map<number, Counts> }>()
  #res = 60_000
  #cells = 0
  #min = Infinity
  #max = -Infinity
  readonly deniedTools = new Map<string, number>()
  readonly deniedRules = new Map<string, number>()
  readonly rejectCodes = new Map<string, number>()

  constructor(filter: AuditFilter) {
    this.#filter = new RecordFilter(filter)
  }

  add(r: AuditRecord): void {
    if (r.type !== 'decision') return
    this.#filter.learn(r)
    if (!this.#filter.matches(r)) return
    const v = r['verdict']
    if (v !== 'allow' && v !== 'deny' && v !== 'reject') return
    this.totals[v]++
    const agent = typeof r['agent'] === 'string' ? r['agent'] : '(unauthenticated)'
    const a = this.#agents.get(agent) ?? { counts: zero(), cells: new Map<number, Counts>() }
    this.#agents.set(agent, a)
    a.counts[v]++
    const cell = Math.floor(r.ts / this.#res)
    let c = a.cells.get(cell)
    if (c === undefined) {
      c = zero()
      a.cells.set(cell, c)
      if (++this.#cells > MAX_CELLS) this.#coarsen()
    }
    c[v]++
    this.#min = Math.min(this.#min, r.ts)
    this.#max = Math.max(this.#max, r.ts)
    const tool = typeof r['tool'] === 'string' ? r['tool'] : '(none)'
    if (v === 'deny') {
      bump(this.deniedTools, tool)
      const rules = Array.isArray(r['ruleIds']) ? r['ruleIds'].map(String) : []
      if (rules.length === 0) bump(this.deniedRules, '(default deny)')
      for (const id of rules) bump(this.deniedRules, id)
    }
    if (v === 'reject') bump(this.rejectCodes, typeof r['code'] === 'string' ? r['code'] : '(no code)')
  }

  #coarsen(): void {
    const next = WIDTHS.find((w) => w > this.#res) ?? this.#res * 2
    this.#cells = 0
    for (const a of this.#agents.values()) {
      const cells = new Map<number, Counts>()
      for (const [k, c] of a.cells) {
        const nk = Math.floor((k * this.#res) / next)
        const have = cells.get(nk) ?? zero()
        for (const v of VERDICTS) have[v] += c[v]
        cells.set(nk, have)
      }
      a.cells = cells
      this.#cells += cells.size
    }
    this.#res = next
  }

  /** The timeline: the narrowest width that fits the span, and per agent a count per bucket and verdict. */
  timeline(): Timeline {
    if (this.#min === Infinity) return { startMs: 0, widthMs: WIDTHS[0] as number, buckets: 0, agents: [] }
    const span = this.#max - this.#min + 1
    const widthMs = WIDTHS.find((w) => w >= this.#res && span / w <= MAX_BUCKETS) ?? Math.ceil(span / MAX_BUCKETS / this.#res) * this.#res
    const startMs = Math.floor(this.#min / widthMs) * widthMs
    const buckets = Math.floor((this.#max - startMs) / widthMs) + 1
    const agents = [...this.#agents.entries()].sort((x, y) => (x[0] < y[0] ? -1 : 1)).map(([agent, a]) => {
      const series = Array.from({ length: buckets }, zero)
      for (const [k, c] of a.cells) {
        const b = series[Math.floor((k * this.#res - startMs) / widthMs)] as Counts
        for (const v of VERDICTS) b[v] += c[v]
      }
      return { agent, ...a.counts, calls: a.counts.allow + a.counts.deny + a.counts.reject, series }
    })
    return { startMs, widthMs, buckets, agents }
  }
}

function bump(m: Map<string, number>, k: string): void {
  m.set(k, (m.get(k) ?? 0) + 1)
}

export interface Timeline {
  startMs: number
  widthMs: number
  buckets: number
  agents: { agent: string; calls: number; allow: number; deny: number; reject: number; series: Counts[] }[]
}

export interface ReportModel {
  /** The verdict is ok (exit 0). */
  ok: boolean
  verdict: ReconcileVerdict
  now: number
  graceMs: number
  trusted: boolean
  filter: AuditFilter
  calls: { total: number; allow: number; deny: number; reject: number; rates: Record<Verdict, number> }
  timeline: Timeline
  logs: {
    role: string; log: string; process: string; records: number; checkpoints: number; unsignedTail: number
    lastCheckpoint: { seq: number; size: number; root: string } | null; signatures: 'ok' | 'faults'; faults: { kind: string; file: string; line: number; seq: number | null; message: string }[]; notes: string[]
  }[]
  classes: Record<ReconcileClass, number>
  violations: number
  /** Calls of an attention class: executor-failed, retry-risk. */
  attention: number
  offending: ReconcileItem[]
  /** Offending items left out of `offending` beyond the report's limit. */
  offendingOmitted: number
  executor: ExecutorOutcomes
  /** The calls to account for (executor-failed, retry-risk), up to the report's limit. */
  accountFor: ReconcileItem[]
  accountForOmitted: number
  refusedByGuard: number
  refusals: Record<string, number>
  probes: number
  pending: number
  deniedNotRun: number
  topDeniedTools: { name: string; count: number }[]
  topDeniedRules: { name: string; count: number }[]
  rejectCodes: { name: string; count: number }[]
  /** Every approver's signed approvals and denials, re-verified, and how many of their approvals ran a call. */
  approvers: ApproverSummary[]
}

const top = (m: Map<string, number>, n = 10): { name: string; count: number }[] =>
  [...m.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, n).map(([name, count]) => ({ name, count }))

/** The report from one reconcile run and the decision statistics gathered in the same pass. */
export function buildReport(run: ReconcileRun, stats: DecisionStats, o: { now: number; graceMs: number; trusted: boolean; filter: AuditFilter; maxOffending?: number }): ReportModel {
  const r = run.result
  const t = stats.totals
  const total = t.allow + t.deny + t.reject
  const rate = (n: number): number => (total === 0 ? 0 : Math.round((n / total) * 1000) / 10)
  const faults = run.integrity.reduce((n, i) => n + i.report.faults.length, 0)
  const bad = r.items.filter((i) => CLASS_LEVEL[i.class] === 'violation')
  const account = r.items.filter((i) => CLASS_LEVEL[i.class] === 'attention')
  const max = o.maxOffending ?? 500
  const verdict = verdictOf(r, faults)
  return {
    ok: verdict === 'ok', verdict,
    now: o.now, graceMs: o.graceMs, trusted: o.trusted, filter: o.filter,
    calls: { total, ...t, rates: { allow: rate(t.allow), deny: rate(t.deny), reject: rate(t.reject) } },
    timeline: stats.timeline(),
    logs: run.integrity.map((i) => ({
      role: i.role, log: i.log, process: i.process, records: i.report.records, checkpoints: i.report.checkpoints, unsignedTail: i.report.unsignedTail,
      lastCheckpoint: i.report.lastCheckpoint, signatures: i.report.faults.length === 0 ? 'ok' : 'faults', faults: i.report.faults, notes: i.report.notes,
    })),
    classes: Object.fromEntries(RECONCILE_CLASSES.map((c) => [c, r.counts[c]])) as Record<ReconcileClass, number>,
    violations: r.violations,
    attention: r.attention,
    offending: bad.slice(0, max),
    offendingOmitted: Math.max(0, bad.length - max),
    executor: r.executor,
    accountFor: account.slice(0, max),
    accountForOmitted: Math.max(0, account.length - max),
    refusedByGuard: r.rejectedByGuard,
    refusals: r.refusals,
    probes: r.probes,
    pending: r.pending,
    deniedNotRun: r.denied,
    topDeniedTools: top(stats.deniedTools),
    topDeniedRules: top(stats.deniedRules),
    rejectCodes: top(stats.rejectCodes),
    approvers: run.approvers,
  }
}
