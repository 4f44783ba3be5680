/** @module auditor/reconcile-types: the classes, findings and totals of a reconcile. */
import type { AuditRecord } from '../audit/index.js'

/** The bound fields an execution must share with its decision, each with the class its difference gets. */
export const BOUND_FIELDS = [
  ['tool', 'tool-mismatch'],
  ['agent', 'agent-mismatch'],
  ['audience', 'audience-mismatch'],
  ['method', 'method-mismatch'],
  ['target', 'target-mismatch'],
  ['policyDigest', 'policy-digest-mismatch'],
  ['keyid', 'keyid-mismatch'],
  ['nonce', 'nonce-mismatch'],
] as const
export type BoundField = (typeof BOUND_FIELDS)[number][0]

/**
 * Every class an approved call or an execution can get, in table order: `ok`; what did not run, the
 * agent told so; what ran (or may have) otherwise than its agent was told; then every violation, in
 * the order an execution is tried against its decision.
 */
export const RECONCILE_CLASSES = [
  'ok',
  'refused-by-guard',
  'not-delivered',
  'executor-failed',
  'retry-risk',
  'approved-not-executed',
  'unknown-key',
  'executed-without-approval',
  'executed-after-deny',
  'digest-mismatch',
  ...BOUND_FIELDS.map(([, c]) => c),
  'replayed',
  'executed-after-expiry',
  'approval-missing',
  'approval-invalid',
  'approval-reused',
] as const
export type ReconcileClass = (typeof RECONCILE_CLASSES)[number]

/**
 * What a class means for the verdict: `not-run` (nothing ran, and the agent was told it failed),
 * `attention` (it ran, or may have, and did not end as its agent was told: reconcile exits 3), and
 * `violation` (reconcile exits 1).
 */
export type ClassLevel = 'ok' | 'not-run' | 'attention' | 'violation'

export const CLASS_LEVEL: Readonly<Record<ReconcileClass, ClassLevel>> = Object.fromEntries(RECONCILE_CLASSES.map((c) => [
  c,
  c === 'ok' ? 'ok' : c === 'refused-by-guard' || c === 'not-delivered' ? 'not-run' : c === 'executor-failed' || c === 'retry-risk' ? 'attention' : 'violation',
])) as Record<ReconcileClass, ClassLevel>

/** What the gate recorded of a forwarded call's end (its `forward` record). */
export interface ForwardOutcome {
  /** The upstream's HTTP status; 0 when no answer came (a transport failure or a timeout). */
  status: number
  /** Set when the gate failed the call itself: what its agent got instead of the upstream's answer. */
  code?: string
  /** The answer was a guard's refusal (nothing ran). */
  refusedByGuard?: boolean
}

/** The gate's decision, as the reconciler keeps it (compact: a million of them fit). */
export interface DecisionRef {
  /** The approved log it was read from. */
  log: string
  seq: number
  ts: number
  decisionId: string
  verdict: string
  code?: string
  digest?: string
  agent?: string
  tool?: string
  audience?: string
  method?: string
  target?: string
  policyDigest?: string
  keyid?: string
  nonce?: string
  expires?: number
  /** An ask call: the approval it ran under, the digest it covers, and the approvers the decision names. */
  approvalId?: string
  approvalDigest?: string
  approvers?: Array<{ approver: string; credentialId: string; assertionDigest: string }>
  /** Kept for an allow decision under a policy with ask rules (reconcile checks none of them decided it). */
  ruleIds?: string[]
}

/** One execution record of the guard, and the executed log (replica) it was read from. */
export interface ExecutionRef {
  log: string
  seq: number
  ts: number
  record: AuditRecord
}

export interface Mismatch { field: BoundField | 'digest'; approved: string | null; executed: string | null }

export interface ReconcileItem {
  class: ReconcileClass
  decisionId: string | null
  approved: DecisionRef | null
  executed: ExecutionRef | null
  message: string
  /** Every bound field that differs (the class names the first). */
  mismatched?: Mismatch[]
  /** What the executor answered, from the guard's receipt record (or the answer the gate relayed); null when neither says. */
  executorStatus?: number | null
  /** What the gate recorded of the call's end; null when it recorded nothing. */
  forward?: ForwardOutcome | null
}

/** What the reconciler compares a finding against: the fields every read filter looks at. */
export interface PairView {
  decisionId: string | null
  agent?: string | undefined
  tool?: string | undefined
  ts: number
  verdict?: string | undefined
  code?: string | undefined
}

export interface ReconcileOptions {
  /** Allowance for clock skew between the gate and a guard (ms): an execution later than `expires` + grace is executed-after-expiry. */
  graceMs: number
  /**
   * Not read: every class is a function of the logs alone, never of the auditor's clock (a call with
   * no outcome recorded yet is `pending` until the logs say more). Accepted so that callers may pass it.
   */
  now?: number
  /** Trusted binding key ids (--key/--jwks): an execution under any other is unknown-key, whatever the gate log says. */
  trustedKeyIds?: ReadonlySet<string>
  /** Only findings and counts whose pair passes (the read filters). The join itself sees every record. */
  filter?: (v: PairView) => boolean
  /** Keep the `ok` pairs in `items` (default true; a million-record reconcile turns it off). */
  keepOk?: boolean
}

/** What the executor answered, for every call a guard accepted exactly as approved (its receipt, else the answer the gate relayed). */
export interface ExecutorOutcomes {
  /** 2xx or 3xx. */
  succeeded: number
  /** 4xx: the tool ran and refused its input (the call is ok). */
  clientError: number
  /** 5xx, or no status: the executor failed or could not be reached (executor-failed). */
  failed: number
  /** Neither a receipt nor a relayed answer: still running, or the guard stopped before it answered. */
  noReceipt: number
}

export interface ReconcileResult {
  counts: Record<ReconcileClass, number>
  /** Every call of a class other than ok, and the ok pairs when `keepOk`. */
  items: ReconcileItem[]
  /** Allowed calls with no outcome recorded yet on either side: in flight, while the gate that approved them has not stopped since. */
  pending: number
  /** Decisions that denied or rejected and that nothing executed. */
  denied: number
  /** Calls the guard refused (nothing ran), the gate's probes not counted. */
  rejectedByGuard: number
  /** The gate's own probes (tool verbatim.probe, decision id probe-…), which a guard must refuse. */
  probes: number
  /** Refusals by code, probes apart. */
  refusals: Record<string, number>
  executor: ExecutorOutcomes
  /** Items of a violation class (reconcile exits 1). */
  violations: number
  /** Items of an attention class: executor-failed and retry-risk (reconcile exits 3 when there is no violation). */
  attention: number
}
