/**
 * @module auditor/reconcile-outcome: what became of an approved call, from its records alone: the gate's
 * `forward` record (what its agent got), the guard's `receipt` (what the executor answered), a guard's
 * `refusal`, and whether the gate has stopped or restarted since it approved it; pure, no clock.
 */
import { STATUS_BY_CODE, isErrorCode } from '../errors/index.js'
import type { ExecutorOutcomes, ForwardOutcome, ReconcileClass } from './reconcile-types.js'
import type { AuditRecord } from '../audit/index.js'

/** A class, or `pending`: no outcome recorded yet on either side, and the gate has not moved on. */
export interface Outcome {
  cls: ReconcileClass | 'pending'
  message: string
  /** What the executor answered, when a record says. */
  status: number | null
}

/** The outcome fields of a `forward` record. */
export function forwardOf(r: AuditRecord): ForwardOutcome {
  const f: ForwardOutcome = { status: typeof r['status'] === 'number' ? r['status'] : 0 }
  if (typeof r['code'] === 'string') f.code = r['code']
  if (r['refusedByGuard'] === true) f.refusedByGuard = true
  return f
}

const success = (status: number): boolean => status >= 200 && status < 400
/** 5xx, or no status: the executor failed or could not be reached, so the call may not have run. */
const failed = (status: number): boolean => status >= 500 || status < 200

/** The gate failed the call itself (a code), got no answer (0), or relayed a 5xx: its agent was told it failed. */
function toldFailed(f: ForwardOutcome): boolean {
  return f.code !== undefined || f.status === 0 || f.status >= 500
}

/** What the agent got, in the words of its answer: `504 ERR_GATE_UPSTREAM_TIMEOUT`, or the status relayed. */
function agentGot(f: ForwardOutcome): string {
  if (f.code === undefined) return f.status === 0 ? 'no answer' : `${f.status}`
  return `${isErrorCode(f.code) ? `${STATUS_BY_CODE[f.code]} ` : ''}${f.code}`
}

/** The executor's status: the guard's receipt record, else the answer the gate relayed as it came. */
function executorStatus(receipt: number | undefined, f: ForwardOutcome | undefined): number | undefined {
  if (receipt !== undefined) return receipt
  return f !== undefined && f.code === undefined && f.status >= 100 ? f.status : undefined
}

/**
 * A call a guard accepted exactly as approved. `settled`: the gate's log shows it stopped or started
 * again after approving it, so an answer it has not recorded will never come.
 */
export function executedOutcome(o: { receipt: number | undefined; forward: ForwardOutcome | undefined; settled: boolean }): Outcome {
  const f = o.forward
  const s = executorStatus(o.receipt, f)
  const status = s ?? null
  if (s !== undefined && failed(s)) return { cls: 'executor-failed', status, message: `accepted exactly as approved; the executor answered ${s}: it failed or could not be reached, so the call may not have run` }
  // Without the gate's record (lost in a crash: it answers before that record is durable), what the
  // executor answered stands; with neither, a gate that has moved on will never say.
  const told = f !== undefined ? toldFailed(f) : s === undefined && o.settled
  if (told) {
    const agent = f === undefined ? 'the gate stopped before it recorded an answer, so its agent may have got none' : `its agent got ${agentGot(f)}`
    const ran = s === undefined ? 'accepted, and no receipt: it may have run' : `ran: the executor answered ${s}`
    return { cls: 'retry-risk', status, message: `${ran}, but ${agent}; the agent may run it again` }
  }
  if (s === undefined) return { cls: 'pending', status, message: 'accepted; no answer recorded yet on either side' }
  return { cls: 'ok', status, message: 'executed exactly as approved' }
}

/** An allowed call no guard accepted. `refusal`: the code of a guard's refusal record for it. */
export function unexecutedOutcome(o: { forward: ForwardOutcome | undefined; refusal: string | undefined; settled: boolean }): Outcome {
  const f = o.forward
  const none = { status: null }
  // An answer of success that no guard recorded running, withheld (a receipt fault) or not: a bypass until explained.
  if (f !== undefined && f.refusedByGuard !== true && success(f.status)) {
    const withheld = f.code === undefined ? '' : ` (withheld from its agent: ${f.code})`
    return { cls: 'approved-not-executed', ...none, message: `the upstream answered ${f.status}${withheld}, but no executed log given holds its execution: a guard replica's log is missing, or something ran it without a guard` }
  }
  if (o.refusal !== undefined) return { cls: 'refused-by-guard', ...none, message: `refused by the guard (${o.refusal}): nothing ran, and the agent was told` }
  if (f?.refusedByGuard === true) return { cls: 'refused-by-guard', ...none, message: `refused by the guard (the gate relayed its ${f.status}): nothing ran, and the agent was told` }
  if (f !== undefined) return { cls: 'not-delivered', ...none, message: `no guard accepted it: nothing ran, and its agent got ${agentGot(f)}` }
  if (o.settled) return { cls: 'not-delivered', ...none, message: 'no guard accepted it: nothing ran; the gate stopped before it recorded an answer' }
  return { cls: 'pending', ...none, message: 'approved; no outcome recorded yet' }
}

/** Counts what the executor answered a call a guard accepted (null: no recorded answer). */
export function tally(e: ExecutorOutcomes, status: number | null): void {
  if (status === null) e.noReceipt++
  else if (success(status)) e.succeeded++
  else if (failed(status)) e.failed++
  else e.clientError++
}
