/** @module gate/call/trail: one call's decision record, filled in as the pipeline learns it, and its refusal. */
import { VerbatimError, isVerbatimError } from '../../errors/index.js'
import type { AuditField, GateDeps } from '../deps.js'

/** Fields of the call's `decision` audit record. */
export type Trail = Record<string, AuditField>

/** One call through the gate, whatever its transport. */
export interface Call {
  decisionId: string
  trail: Trail
  /** Run once the call is answered (gives back budget, …). */
  onDone: Array<() => void>
}

export function startCall(deps: Pick<GateDeps, 'newDecisionId'>, fields: Trail): Call {
  const decisionId = deps.newDecisionId()
  return { decisionId, trail: { decisionId, ...fields }, onDone: [] }
}

export function finishCall(call: Call): void {
  for (const f of call.onDone.splice(0)) f()
}

export function gateLog(deps: Pick<GateDeps, 'log'>): (line: string) => void {
  return deps.log ?? ((l: string) => process.stderr.write(`${l}\n`))
}

/**
 * Turns any failure into the VerbatimError the client gets, and audits it unless the call was
 * already decided (then its records tell the story). Only our own faults carry a stack trace; a
 * client's (a hang-up, a bad body) is one audited line.
 */
export async function refuse(deps: Pick<GateDeps, 'audit' | 'log'>, call: Call, err: unknown): Promise<VerbatimError> {
  const e = isVerbatimError(err) ? err : new VerbatimError('ERR_INTERNAL', undefined, { cause: err })
  const log = gateLog(deps)
  if (e.code === 'ERR_INTERNAL') log(`verbatim gate: internal error on ${call.decisionId}: ${(err as Error).stack ?? String(err)}`)
  const t = call.trail
  if (t.verdict === undefined) {
    t.verdict = e.code.startsWith('ERR_POLICY_') ? 'deny' : 'reject'
    t.code = e.code
    t.message = e.message.slice(0, 500)
    // Rejections are audited too; an audit failure here cannot make a refusal any safer.
    await deps.audit.append('decision', t).catch((auditErr: unknown) => log(`verbatim gate: audit of a rejection failed: ${String(auditErr)}`))
  }
  return e
}
