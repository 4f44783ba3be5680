/** @module audit/reconcile: joins approved (gate) and executed (guard) records; pure. */
import type { AuditRecord } from './types.js'

export const RECONCILE_CLASSES = [
  'ok',
  'approved-not-executed',
  'executed-without-approval',
  'executed-after-deny',
  'digest-mismatch',
  'replayed',
  'executed-after-expiry',
  'unknown-key',
] as const
export type ReconcileClass = (typeof RECONCILE_CLASSES)[number]

export interface ReconcileItem {
  class: ReconcileClass
  decisionId: string | null
  /** The gate's decision record, when there is one. */
  approved: AuditRecord | null
  /** The guard's execution record, when there is one. */
  executed: AuditRecord | null
  message: string
}

export interface ReconcileOptions {
  /** Allowance for clock skew and calls still in flight (ms). */
  graceMs: number
  /** The auditor's clock (ms): decisions not yet expired + grace are pending, not missing. */
  now: number
}

export interface ReconcileResult {
  counts: Record<ReconcileClass, number>
  /** One per pair: every accepted execution, and every allowed decision nothing executed. */
  items: ReconcileItem[]
  /** Allowed decisions, unexecuted, still inside expiry + grace. */
  pending: number
  /** Decisions that denied or rejected and that nothing executed. */
  denied: number
  /** Executions the guard itself rejected (they did not run). */
  rejectedByGuard: number
}

const str = (r: AuditRecord, k: string): string | null => (typeof r[k] === 'string' ? (r[k] as string) : null)
const num = (r: AuditRecord, k: string): number | null => (typeof r[k] === 'number' ? (r[k] as number) : null)

/** Keyids the gate log shows: `keys[].kid` of start records and `keyid` of decisions. */
function gateKeyIds(approved: readonly AuditRecord[]): Set<string> {
  const kids = new Set<string>()
  for (const r of approved) {
    if (r.type === 'start' && Array.isArray(r['keys'])) {
      for (const k of r['keys']) if (typeof k === 'object' && k !== null && !Array.isArray(k) && typeof k['kid'] === 'string') kids.add(k['kid'])
    }
    if (r.type === 'decision') {
      const kid = str(r, 'keyid')
      if (kid !== null) kids.add(kid)
    }
  }
  return kids
}

/**
 * Classifies every (decision, execution) pair, joined on decisionId and digest.
 * @example
 * const { counts, items } = reconcile(gateRecords, guardRecords, { graceMs: 60_000, now: Date.now() })
 */
export function reconcile(approved: readonly AuditRecord[], executed: readonly AuditRecord[], opts: ReconcileOptions): ReconcileResult {
  const counts = Object.fromEntries(RECONCILE_CLASSES.map((c) => [c, 0])) as Record<ReconcileClass, number>
  const items: ReconcileItem[] = []
  const add = (cls: ReconcileClass, decisionId: string | null, a: AuditRecord | null, e: AuditRecord | null, message: string): void => {
    counts[cls]++
    items.push({ class: cls, decisionId, approved: a, executed: e, message })
  }
  const decisions = new Map<string, AuditRecord>()
  for (const r of approved) {
    const id = r.type === 'decision' ? str(r, 'decisionId') : null
    if (id !== null && !decisions.has(id)) decisions.set(id, r)
  }
  const kids = gateKeyIds(approved)
  const ran = new Set<string>()
  let rejectedByGuard = 0
  for (const e of executed) {
    if (e.type === 'refusal') {
      rejectedByGuard++
      continue
    }
    if (e.type !== 'execution') continue
    if (str(e, 'status') !== 'accepted') {
      rejectedByGuard++
      continue
    }
    const id = str(e, 'decisionId')
    const d = id === null ? undefined : decisions.get(id)
    const keyid = str(e, 'keyid')
    const first = id !== null && !ran.has(id)
    if (id !== null) ran.add(id)
    if (keyid === null || !kids.has(keyid)) {
      add('unknown-key', id, d ?? null, e, `executed under keyid ${keyid ?? '(none)'}, which the gate log never shows`)
    } else if (d === undefined) {
      add('executed-without-approval', id, null, e, `no decision ${id ?? '(no id)'} in the approved log`)
    } else if (str(d, 'verdict') !== 'allow') {
      add('executed-after-deny', id, d, e, `the gate's verdict was ${String(d['verdict'])} (${String(d['code'] ?? '')})`)
    } else if (str(e, 'digest') !== str(d, 'digest')) {
      add('digest-mismatch', id, d, e, `executed digest ${short(str(e, 'digest'))} != approved ${short(str(d, 'digest'))}`)
    } else if (!first) {
      add('replayed', id, d, e, `decision ${id} executed more than once`)
    } else if (e.ts > (num(d, 'expires') ?? Infinity) * 1000 + opts.graceMs) {
      add('executed-after-expiry', id, d, e, `executed at ${iso(e.ts)}, after expiry ${iso((num(d, 'expires') ?? 0) * 1000)} + grace`)
    } else {
      add('ok', id, d, e, 'executed exactly as approved')
    }
  }
  let pending = 0
  let denied = 0
  for (const [id, d] of decisions) {
    if (ran.has(id)) continue
    if (str(d, 'verdict') !== 'allow') {
      denied++
      continue
    }
    const expiresMs = (num(d, 'expires') ?? 0) * 1000
    if (opts.now <= expiresMs + opts.graceMs) pending++
    else add('approved-not-executed', id, d, null, `approved at ${iso(d.ts)}, expired ${iso(expiresMs)}, never executed`)
  }
  return { counts, items, pending, denied, rejectedByGuard }
}

function short(h: string | null): string {
  return h === null ? '(none)' : `${h.slice(0, 12)}…`
}

function iso(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : String(ms)
}
