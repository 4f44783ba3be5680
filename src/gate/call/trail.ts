/** @module gate/call/trail: one call's decision record, filled in as the pipeline learns it, and its refusal. */
import { VerbatimError, isVerbatimError } from '../../errors/index.js'
import { closesConnection } from '../../intake/index.js'
import type { AuditField, GateDeps } from '../deps.js'
import type { CallLine } from '../../observe/index.js'

/** Fields of the call's `decision` audit record. */
export type Trail = Record<string, AuditField>

/** One call through the gate, whatever its transport. */
export interface Call {
  decisionId: string
  trail: Trail
  /** Run once the call is answered (gives back budget, …). */
  onDone: Array<() => void>
  /** When the call arrived (deps.now()). */
  started: number
  /** True once the call's `decision` record is durable: only then may an answer name its decision id (DESIGN invariant 8). */
  recorded?: boolean
  /** The code of the answer the agent got, when it is a Verbatim problem (a refusal, a guard's, the executor unreached). */
  answerCode?: string
  /** A Retry-After to add to a relayed answer (the guard could not reach its executor, which did not run it). */
  retryAfter?: string
  /** The upstream it went to, and how long it waited for it (ms). */
  upstream?: string
  upstreamMs?: number
}

export function startCall(deps: Pick<GateDeps, 'newDecisionId' | 'now'>, fields: Trail): Call {
  const decisionId = deps.newDecisionId()
  return { decisionId, trail: { decisionId, ...fields }, onDone: [], started: deps.now() }
}

const str = (v: AuditField | undefined): string | undefined => (typeof v === 'string' ? v : undefined)

/** Releases what the call held, then counts it (metrics) and logs its one line: ids, verdict, code, timings. */
export function finishCall(deps: Pick<GateDeps, 'now' | 'metrics' | 'callLog'>, call: Call, status: number): void {
  for (const f of call.onDone.splice(0)) f()
  const t = call.trail
  const verdict = str(t.verdict) ?? 'reject'
  // The code the agent got: a refusal's (ERR_AUDIT_UNAVAILABLE when its record failed), a guard's, else the decision's.
  const code = call.answerCode ?? str(t.code) ?? ''
  const total = deps.now() - call.started
  const overheadMs = Math.max(0, total - (call.upstreamMs ?? 0))
  const rules = Array.isArray(t.ruleIds) ? t.ruleIds : []
  deps.metrics?.decision(verdict, code, typeof rules[0] === 'string' ? rules[0] : '')
  deps.metrics?.call(overheadMs / 1000, call.upstream, call.upstreamMs === undefined ? undefined : call.upstreamMs / 1000)
  if (deps.callLog === undefined) return
  const line: CallLine = { decisionId: call.decisionId, verdict, status, overheadMs }
  const agent = str(t.agent)
  const tool = str(t.tool)
  const trace = str(t.traceparent)
  if (agent !== undefined) line.agent = agent
  if (tool !== undefined) line.tool = tool
  if (code !== '') line.code = code
  if (trace !== undefined) line.traceparent = trace
  if (call.upstreamMs !== undefined) line.upstreamMs = call.upstreamMs
  deps.callLog(line)
}

export function gateLog(deps: Pick<GateDeps, 'log'>): (line: string) => void {
  return deps.log ?? ((l: string) => process.stderr.write(`${l}\n`))
}

/** What the client is told of a refused call, and the decision id the answer may carry. */
export interface Refusal {
  error: VerbatimError
  /** Undefined when the call's record is not durable: the answer then names no decision. */
  decisionId: string | undefined
}

/**
 * The answer to a call whose record could not be made durable: 503 ERR_AUDIT_UNAVAILABLE, which
 * names no decision and does not say what the decision would have been (an audit outage must not
 * let a client probe policy unrecorded). A connection whose body was not read still closes.
 */
export function unrecorded(e: VerbatimError): VerbatimError {
  if (e.code === 'ERR_AUDIT_UNAVAILABLE') return e
  const close = closesConnection(e) || e.code === 'ERR_INTAKE_TOO_LARGE' || e.code === 'ERR_INTAKE_LENGTH_MISMATCH'
  return new VerbatimError('ERR_AUDIT_UNAVAILABLE', 'the call was refused, but its record could not be made durable, so no decision is given', {
    cause: e, ...(close ? { detail: { closeConnection: true } } : {}),
  })
}

/**
 * Turns any failure into the VerbatimError the client gets, and audits it unless the call was
 * already decided (then its records tell the story). The answer names the decision only once its
 * record is durable (DESIGN invariant 8). Only our own faults carry a stack trace; a client's (a
 * hang-up, a bad body) is one audited line.
 */
export async function refuse(deps: Pick<GateDeps, 'audit' | 'log' | 'metrics'>, call: Call, err: unknown): Promise<Refusal> {
  const e = isVerbatimError(err) ? err : new VerbatimError('ERR_INTERNAL', undefined, { cause: err })
  const log = gateLog(deps)
  if (e.code === 'ERR_INTERNAL') log(`verbatim gate: internal error on ${call.decisionId}: ${(err as Error).stack ?? String(err)}`)
  const shed = e.detail?.['shed']
  if (shed === 'queue' || shed === 'budget' || shed === 'circuit') deps.metrics?.shed(shed)
  const t = call.trail
  if (t.verdict === undefined) {
    t.verdict = e.code.startsWith('ERR_POLICY_') ? 'deny' : 'reject'
    t.code = e.code
    t.message ??= e.message.slice(0, 500)
    try {
      await deps.audit.append('decision', t)
      call.recorded = true
    } catch (auditErr) {
      log(`verbatim gate: the record of a refusal (${e.code}) could not be made durable: ${String(auditErr)}`)
    }
  }
  const r: Refusal = call.recorded === true ? { error: e, decisionId: call.decisionId } : { error: unrecorded(e), decisionId: undefined }
  call.answerCode = r.error.code
  return r
}
