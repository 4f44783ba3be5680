/** @module gate/call/deliver: forward an approval once, check the answer's receipt, make the outcome durable. */
import { VerbatimError, isVerbatimError } from '../../errors/index.js'
import { checkAnswer, receiptFailure, singleHeader } from '../answer.js'
import type { AuditField, GateDeps } from '../deps.js'
import type { ForwardResponse } from '../forward.js'
import type { Approval } from './approve.js'
import type { Call } from './trail.js'
import { gateLog } from './trail.js'

/**
 * Sends the approved bytes upstream once (never retried, DESIGN invariant 7), checks the answer's
 * receipt, and makes the `forward` record durable before the agent sees any of the answer. A receipt
 * fault withholds the answer and marks the upstream unguarded; an outcome that cannot be recorded is
 * refused as "forwarded, do not repeat blindly".
 */
export async function deliver(deps: GateDeps, call: Call, a: Approval, extraHeaders: Record<string, string> = {}): Promise<ForwardResponse> {
  const u = a.upstream
  const started = deps.now()
  let failure: VerbatimError | undefined
  let res: ForwardResponse | undefined
  try {
    res = await u.limiter.run(() =>
      deps.forward({ url: a.url, headers: { ...extraHeaders, ...a.headers }, body: a.bytes, timeoutMs: u.config.timeoutMs, maxResponseBytes: u.config.maxResponseBytes }),
    )
  } catch (err) {
    failure = isVerbatimError(err) ? err : new VerbatimError('ERR_GATE_UPSTREAM_UNAVAILABLE', 'forward failed', { cause: err })
  }
  const record: Record<string, AuditField> = { decisionId: call.decisionId, status: res?.status ?? 0, latencyMs: deps.now() - started }
  const receipt = singleHeader(res?.headers['verbatim-receipt'])
  if (receipt !== undefined) record.receipt = receipt
  if (res !== undefined) {
    const check = await checkAnswer(res, { decisionId: call.decisionId, digest: String(call.trail.digest) }, u)
    if (check.ok && check.refusal) record.refusedByGuard = true
    if (!check.ok) {
      // Fail closed for later calls: the answer may be another call's, or nothing checked this one.
      u.guard = 'unguarded'
      u.guardDetail = `receipt fault: ${check.fault.message}`
      u.receiptFault = true
      gateLog(deps)(
        `verbatim gate: RECEIPT FAULT from upstream '${u.config.name}' on decision ${call.decisionId}: ${check.fault.message}. Its answer is withheld and the upstream is marked unguarded until a periodic probe passes.`,
      )
      failure = receiptFailure(u, check.fault)
      record.receiptFault = check.fault.message.slice(0, 500)
    }
  }
  if (failure) record.code = failure.code
  try {
    await deps.audit.append('forward', record)
  } catch (cause) {
    // The agent must not see an outcome the log cannot show; but the call did go out, so it is told
    // not to repeat it blindly (no Retry-After).
    throw new VerbatimError('ERR_AUDIT_UNAVAILABLE', 'the call was forwarded, but its outcome could not be made durable; do not repeat it without checking', { cause, detail: { forwarded: true } })
  }
  if (failure !== undefined || res === undefined) throw failure ?? new VerbatimError('ERR_GATE_UPSTREAM_UNAVAILABLE')
  return res
}
