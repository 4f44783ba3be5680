/** @module gate/answer: check the executor's answer (its receipt) before a byte of it reaches the agent. */
import { checkReceipt } from '../binding/index.js'
import { canonicalBytes } from '../canonical/index.js'
import { VerbatimError, isErrorCode } from '../errors/index.js'
import type { ErrorCode } from '../errors/index.js'
import type { ForwardResponse } from './forward.js'
import type { UpstreamRuntime } from './deps.js'
import type { Reply } from './http/exchange.js'

/** What the gate forwarded: the receipt of the answer must name exactly this. */
export interface ForwardedCall {
  decisionId: string
  /** Lowercase hex SHA-256 of the canonical bytes forwarded. */
  digest: string
}

export type AnswerCheck = { ok: true; refusal: boolean } | { ok: false; fault: VerbatimError }

/** One header value, or undefined (a repeated header is not one receipt). */
export function singleHeader(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? (v.length === 1 ? v[0] : undefined) : v
}

/** The `code` of a problem answer, when it is one of Verbatim's (read with the strict parser: the gate has one JSON reader). */
function problemCode(res: ForwardResponse): ErrorCode | undefined {
  if (res.status < 400) return undefined
  try {
    const v = canonicalBytes(res.body, { maxBytes: 64 * 1024 }).value
    const code = typeof v === 'object' && v !== null && !Array.isArray(v) ? v['code'] : undefined
    return typeof code === 'string' && isErrorCode(code) ? code : undefined
  } catch {
    return undefined
  }
}

/** A guard refused the call before anything ran: an error status, no receipt, and a guard's or intake's problem code. */
function guardRefusal(res: ForwardResponse): boolean {
  if (res.headers['verbatim-receipt'] !== undefined) return false
  return /^ERR_(GUARD|INTAKE|AUDIT)_/.test(problemCode(res) ?? '')
}

/**
 * With receipt keys configured, every answer from a call that ran must carry a Verbatim-Receipt
 * signed by the upstream's guard for this decision, these bytes, this audience and the status
 * relayed (docs/binding.md, receipts). A guard's refusal ran nothing and carries none. Without keys
 * the answer is relayed unverified (the gate warned at start).
 */
export async function checkAnswer(res: ForwardResponse, call: ForwardedCall, upstream: UpstreamRuntime): Promise<AnswerCheck> {
  const refusal = guardRefusal(res)
  const keys = upstream.receiptKeys
  if (keys === undefined || refusal) return { ok: true, refusal }
  try {
    const header = res.headers['verbatim-receipt']
    if (Array.isArray(header) && header.length > 1) throw new VerbatimError('ERR_GUARD_RECEIPT_INVALID', 'the answer carries more than one Verbatim-Receipt')
    await checkReceipt(singleHeader(header), { decisionId: call.decisionId, digest: call.digest, aud: upstream.config.audience, status: res.status }, keys)
    return { ok: true, refusal }
  } catch (err) {
    const e = err instanceof VerbatimError ? err : new VerbatimError('ERR_GUARD_RECEIPT_INVALID', 'the receipt could not be checked', { cause: err })
    return { ok: false, fault: e }
  }
}

/** What the agent is told about a call whose answer failed the receipt check: it was sent, so no blind retry. */
export function receiptFailure(upstream: UpstreamRuntime, fault: VerbatimError): VerbatimError {
  return new VerbatimError(
    'ERR_GUARD_RECEIPT_INVALID',
    `the call was forwarded to '${upstream.config.name}' and may have run, but its answer failed the receipt check (${fault.message}); the answer is withheld. Do not repeat the call without checking whether it ran`,
    { cause: fault, detail: { forwarded: true } },
  )
}

/** The agent's response: the executor's status, content type and body, the decision id and the receipt. */
export function relay(res: ForwardResponse, decisionId: string, retryAfter?: string): Reply {
  const out: Record<string, string> = { 'verbatim-decision-id': decisionId }
  const ct = res.headers['content-type']
  if (typeof ct === 'string') out['content-type'] = ct
  const receipt = singleHeader(res.headers['verbatim-receipt'])
  if (receipt !== undefined) out['verbatim-receipt'] = receipt
  // A guard's refusal that says when to come back (its restart window) keeps saying so.
  const retry = singleHeader(res.headers['retry-after'])
  if (retry !== undefined && receipt === undefined && res.status >= 400 && /^\d{1,4}$/.test(retry)) out['retry-after'] = retry
  // An executor its guard could not reach: the gate's own Retry-After (docs/operations.md).
  if (retryAfter !== undefined) out['retry-after'] = retryAfter
  // RFC 9110 §15.3.5, §15.3.6, §15.4.5: these statuses carry no content.
  const empty = res.body.byteLength === 0 || res.status === 204 || res.status === 205 || res.status === 304
  return { status: res.status, headers: out, body: empty ? null : res.body }
}

/**
 * What became of a call the gate sent, for the metrics, the circuit and the agent's Retry-After:
 * the executor answered; the guard could not reach its executor (its 502, receipt and all); the
 * guard refused (401/403: the binding) or could not take it (503: its log, its replay store, its
 * load); the guard was not reached, or not in time; the answer failed its receipt check.
 */
export type UpstreamOutcome = 'answered' | 'executor_unavailable' | 'guard_refused' | 'guard_unavailable' | 'unreachable' | 'timeout' | 'receipt_fault'

export const UPSTREAM_OUTCOMES: readonly UpstreamOutcome[] = ['answered', 'executor_unavailable', 'guard_refused', 'guard_unavailable', 'unreachable', 'timeout', 'receipt_fault']

export interface Classified {
  outcome: UpstreamOutcome
  /** The code of the answer the agent gets, when it is a Verbatim problem. */
  code?: ErrorCode
  /** True when the upstream is failing: it counts toward the circuit (DESIGN invariant 7). */
  fault: boolean
}

/**
 * Classifies an answer that came back (after its receipt check) or a transport failure. An executor
 * that failed behind its guard is a fault like an unreachable guard: the guard's answer says so in
 * its problem code, under a receipt for its 502 status.
 */
export function classify(res: ForwardResponse | undefined, check: AnswerCheck | undefined, failure: VerbatimError | undefined): Classified {
  if (res === undefined || check === undefined) {
    const code = failure?.code ?? 'ERR_GATE_UPSTREAM_UNAVAILABLE'
    return { outcome: code === 'ERR_GATE_UPSTREAM_TIMEOUT' ? 'timeout' : 'unreachable', code, fault: failure?.detail?.['fault'] === true }
  }
  if (!check.ok) return { outcome: 'receipt_fault', code: 'ERR_GUARD_RECEIPT_INVALID', fault: false }
  const code = problemCode(res)
  const withCode = code === undefined ? {} : { code }
  if (check.refusal) return res.status === 503 ? { outcome: 'guard_unavailable', ...withCode, fault: true } : { outcome: 'guard_refused', ...withCode, fault: false }
  if (res.status === 502 && code === 'ERR_GUARD_EXECUTOR_UNAVAILABLE') return { outcome: 'executor_unavailable', code, fault: true }
  return { outcome: 'answered', fault: false }
}
