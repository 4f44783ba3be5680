/** @module auditor/filter: the read filters every audit command takes (--agent --tool --since --until --verdict --code --decision); pure. */
import type { PairView } from './reconcile-types.js'
import type { AuditRecord } from '../audit/index.js'

export interface AuditFilter {
  agent?: readonly string[]
  /** Exact names, or prefixes ending in `*` (`fs.*`). */
  tool?: readonly string[]
  /** Epoch ms, inclusive. */
  since?: number
  /** Epoch ms, exclusive. */
  until?: number
  /** allow, deny or reject (the gate's verdict). */
  verdict?: readonly string[]
  /** An error code: the decision's, or the guard's refusal's. */
  code?: readonly string[]
  decision?: readonly string[]
}

const FIELDS = ['agent', 'tool', 'verdict', 'code', 'decision'] as const

/** True when the filter looks at anything besides time. */
export function filtersFields(f: AuditFilter): boolean {
  return FIELDS.some((k) => f[k] !== undefined)
}

function toolMatches(patterns: readonly string[], tool: string | undefined): boolean {
  if (tool === undefined) return false
  return patterns.some((p) => (p.endsWith('*') ? tool.startsWith(p.slice(0, -1)) : p === tool))
}

const within = (list: readonly string[] | undefined, v: string | undefined | null): boolean => list === undefined || (v != null && list.includes(v))

/** Whether a call (a pair, or one record with what its decision adds) passes every given filter. */
export function matchView(f: AuditFilter, v: PairView): boolean {
  if (f.since !== undefined && v.ts < f.since) return false
  if (f.until !== undefined && v.ts >= f.until) return false
  if (f.tool !== undefined && !toolMatches(f.tool, v.tool)) return false
  return within(f.agent, v.agent) && within(f.verdict, v.verdict) && within(f.code, v.code) && within(f.decision, v.decisionId)
}

type Facts = Omit<PairView, 'ts' | 'decisionId'>

const s = (r: AuditRecord, k: string): string | undefined => (typeof r[k] === 'string' ? (r[k] as string) : undefined)

/**
 * Filters records. A record that does not carry a field (a `forward` has no agent, an `execution` no
 * verdict) takes it from the other records of its decision: feed every record to `learn` first
 * (only needed when `filtersFields`), then ask `matches`. Records of no decision (start, checkpoint)
 * pass only a filter on time alone.
 */
export class RecordFilter {
  readonly #f: AuditFilter
  readonly #facts = new Map<string, Facts>()
  readonly needsLearning: boolean

  constructor(f: AuditFilter) {
    this.#f = f
    this.needsLearning = filtersFields(f)
  }

  learn(r: AuditRecord): void {
    const id = s(r, 'decisionId')
    if (id === undefined || (r.type !== 'decision' && r.type !== 'execution' && r.type !== 'refusal')) return
    const have = this.#facts.get(id) ?? {}
    have.agent ??= s(r, 'agent')
    have.tool ??= s(r, 'tool')
    if (r.type === 'decision') have.verdict ??= s(r, 'verdict')
    have.code ??= s(r, 'code')
    this.#facts.set(id, have)
  }

  matches(r: AuditRecord): boolean {
    const id = s(r, 'decisionId')
    if (id === undefined) return !this.needsLearning && matchView(this.#f, { decisionId: null, ts: r.ts })
    const known = this.#facts.get(id)
    return matchView(this.#f, {
      decisionId: id,
      ts: r.ts,
      agent: s(r, 'agent') ?? known?.agent,
      tool: s(r, 'tool') ?? known?.tool,
      verdict: s(r, 'verdict') ?? known?.verdict,
      code: s(r, 'code') ?? known?.code,
    })
  }
}
