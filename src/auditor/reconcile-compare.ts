/** @module auditor/reconcile-compare: the bound fields an execution shares with its decision, and the class their first difference gets; pure. */
import type { DecisionRef, Mismatch, ReconcileClass } from './reconcile-types.js'
import { BOUND_FIELDS } from './reconcile-types.js'
import type { AuditRecord } from '../audit/index.js'

const str = (r: AuditRecord, k: string): string | null => (typeof r[k] === 'string' ? (r[k] as string) : null)

/** The bound fields that differ, the digest first. An absent field differs from a present one. */
export function compare(d: DecisionRef, r: AuditRecord): Mismatch[] {
  const out: Mismatch[] = []
  const de = d.digest ?? null
  const ex = str(r, 'digest')
  if (de !== ex) out.push({ field: 'digest', approved: de, executed: ex })
  for (const [f] of BOUND_FIELDS) {
    const a = d[f] ?? null
    const b = str(r, f)
    if (a !== b) out.push({ field: f, approved: a, executed: b })
  }
  return out
}

/** The class the first difference names, and a message that names every one; undefined when the execution matches. */
export function mismatch(d: DecisionRef, r: AuditRecord): { cls: ReconcileClass; mismatched: Mismatch[]; message: string } | undefined {
  const mismatched = compare(d, r)
  const m0 = mismatched[0]
  if (m0 === undefined) return undefined
  const cls = m0.field === 'digest' ? 'digest-mismatch' : (BOUND_FIELDS.find(([f]) => f === m0.field) as (typeof BOUND_FIELDS)[number])[1]
  return { cls, mismatched, message: mismatched.map((m) => `${m.field}: approved ${show(m.approved)}, executed ${show(m.executed)}`).join('; ') }
}

function show(v: string | null): string {
  if (v === null) return '(absent)'
  return /^[0-9a-f]{64}$/.test(v) ? `${v.slice(0, 12)}…` : v
}
