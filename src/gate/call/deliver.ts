/** @module gate/call/deliver: forward an approval once, check the answer's receipt, make the outcome durable. */
import { Readable } from 'node:stream'
import { VerbatimError, isVerbatimError } from '../../errors/index.js'
import { checkAnswer, classify, receiptFailure, singleHeader } from '../answer.js'
import type { AnswerCheck } from '../answer.js'
import type { AuditField, GateDeps } from '../deps.js'
import type { ForwardRequest, ForwardResponse, StreamedResponse } from '../forward.js'
import type { Approval } from './approve.js'
import type { Call } from './trail.js'
import { gateLog } from './trail.js'

function request(a: Approval, extraHeaders: Record<string, string>): ForwardRequest {
  const u = a.upstream.config
  const r: ForwardRequest = {
    url: a.url, method: a.method, headers: { ...extraHeaders, ...a.headers }, body: a.bytes,
    timeoutMs: u.timeoutMs, maxResponseBytes: u.maxResponseBytes, connectTimeoutMs: u.connectTimeoutMs,
  }
  if (u.firstByteTimeoutMs !== undefined) r.firstByteTimeoutMs = u.firstByteTimeoutMs
  return r
}

/**
 * Checks the answer's receipt and makes the `forward` record durable before the agent sees any of
 * the answer. A receipt fault withholds the answer and marks the upstream unguarded; an outcome that
 * cannot be recorded is refused as "forwarded, do not repeat blindly".
 */
async function settle(deps: GateDeps, call: Call, a: Approval, res: ForwardResponse | undefined, failure: VerbatimError | undefined, started: number): Promise<void> {
  const u = a.upstream
  call.upstream = u.config.name
  call.upstreamMs = deps.now() - started
  const record: Record<string, AuditField> = { decisionId: call.decisionId, status: res?.status ?? 0, latencyMs: call.upstreamMs }
  const receipt = singleHeader(res?.headers['verbatim-receipt'])
  if (receipt !== undefined) record.receipt = receipt
  let check: AnswerCheck | undefined
  if (res !== undefined) {
    check = await checkAnswer(res, { decisionId: call.decisionId, digest: String(call.trail.digest) }, u)
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
  const c = classify(res, check, failure)
  // A transport failure was settled when it happened (sendOnce); an answer is settled on what it says.
  if (res !== undefined) u.circuit.settle(c.fault ? 'fault' : 'ok')
  // A failing upstream is looked at again now, so that readiness says so without waiting for a call or a probe.
  if (c.fault) void deps.recheck?.(u).catch(() => undefined)
  deps.metrics?.upstreamOutcome(u.config.name, c.outcome)
  if (c.code !== undefined) call.answerCode = c.code
  // The guard says when its executor was not reached (the call did not run): the agent may come back then.
  const retry = singleHeader(res?.headers['retry-after'])
  if (c.outcome === 'executor_unavailable' && retry !== undefined && /^\d{1,4}$/.test(retry)) call.retryAfter = retry
  // One fdatasync wait per call: the approval was durable before a byte left (DESIGN invariant 6);
  // the outcome is written in order but not waited for, and rides on the next sync (lazy). A crash
  // can lose the last outcomes, never an approval; the guard's executed log and its receipts still
  // answer what ran (docs/audit.md).
  deps.audit.append('forward', record, { lazy: true }).catch((err: unknown) => gateLog(deps)(`verbatim gate: the outcome of ${call.decisionId} could not be recorded: ${String(err)}`))
  if (failure !== undefined || res === undefined) throw failure ?? new VerbatimError('ERR_GATE_UPSTREAM_UNAVAILABLE')
}

const asFailure = (err: unknown): VerbatimError =>
  isVerbatimError(err) ? err : new VerbatimError('ERR_GATE_UPSTREAM_UNAVAILABLE', 'forward failed', { cause: err })

/**
 * Sends once; a call whose connection never opened (no byte left) is sent once more with the same
 * binding when the upstream allows it: the guard accepts each nonce once, so it cannot run twice
 * (DESIGN invariant 7). The circuit learns a transport failure here (a connect failure or a timeout
 * is a fault), and an answer once it is read (settle: an executor its guard could not reach is one).
 */
async function sendOnce<T>(a: Approval, send: () => Promise<T>): Promise<T> {
  const u = a.upstream
  let retried = false
  for (;;) {
    try {
      return await send()
    } catch (err) {
      const e = asFailure(err)
      const neverSent = e.detail?.['sent'] === false
      if (neverSent && u.config.retryConnect && !retried) {
        retried = true
        continue
      }
      u.circuit.settle(e.detail?.['fault'] === true ? 'fault' : 'ok')
      throw e
    }
  }
}

/** Sends the approved bytes upstream once (at most: see sendOnce) and buffers the answer. */
export async function deliver(deps: GateDeps, call: Call, a: Approval, extraHeaders: Record<string, string> = {}): Promise<ForwardResponse> {
  const started = deps.now()
  let res: ForwardResponse | undefined
  let failure: VerbatimError | undefined
  try {
    res = await sendOnce(a, () => deps.forward(request(a, extraHeaders)))
  } catch (err) {
    failure = asFailure(err)
  } finally {
    a.release()
  }
  await settle(deps, call, a, res, failure, started)
  return res as ForwardResponse
}

/**
 * The same, for an answer that streams: settled on its head (status and receipt), before the body;
 * the slot is given back at the head. An error without a receipt, and a 502, are read whole first
 * (bounded): a guard's refusal, or its word that the executor failed.
 */
export async function deliverStream(deps: GateDeps, call: Call, a: Approval, extraHeaders: Record<string, string> = {}): Promise<StreamedResponse> {
  const stream = deps.forwardStream
  if (stream === undefined) throw new VerbatimError('ERR_INTERNAL', 'no streaming forwarder')
  const started = deps.now()
  let res: StreamedResponse | undefined
  let failure: VerbatimError | undefined
  try {
    res = await sendOnce(a, () => stream(request(a, extraHeaders)))
  } catch (err) {
    failure = asFailure(err)
  } finally {
    a.release()
  }
  let head: ForwardResponse | undefined
  if (res !== undefined) {
    let body: Uint8Array = new Uint8Array()
    // A guard's 502 (its executor failed) is a small problem under a receipt: read too, for its code.
    if (res.status >= 400 && (res.headers['verbatim-receipt'] === undefined || res.status === 502)) {
      body = await readAll(res.body, a.upstream.config.maxResponseBytes).catch(() => new Uint8Array())
      res = { ...res, body: Readable.from([Buffer.from(body)]) }
    }
    head = { status: res.status, headers: res.headers, body }
  }
  try {
    await settle(deps, call, a, head, failure, started)
  } catch (err) {
    res?.body.destroy()
    throw err
  }
  return res as StreamedResponse
}

async function readAll(body: Readable, max: number): Promise<Uint8Array> {
  const chunks: Buffer[] = []
  let n = 0
  for await (const c of body as AsyncIterable<Buffer>) {
    n += c.byteLength
    if (n > max) throw new Error('too large')
    chunks.push(c)
  }
  return new Uint8Array(Buffer.concat(chunks))
}
