/** @module gate/mcp/withhold: the audit record of what the gate kept from an agent out of a forwarded call's answer. */
import { Buffer } from 'node:buffer'
import { sha256 } from '../../canonical/index.js'
import { gateLog } from '../call/index.js'
import type { Call } from '../call/index.js'
import type { AuditField, GateDeps } from '../deps.js'
import type { Withheld } from './relay.js'

/**
 * Records a message withheld from the agent (an answer to no request, one that reads two ways, a
 * session id already held) as a `decision` of its own: verdict `reject`, its code, its own decision
 * id, and `answerOf`, the decision whose answer carried it. The record is durable before the relay
 * goes on (DESIGN invariant 8: the agent may be shown its decision id); resolves with that id, or
 * undefined when it could not be recorded (the message is withheld all the same).
 */
export function withholder(deps: GateDeps, call: Call): (w: Withheld & { session?: string }) => Promise<string | undefined> {
  return async (w) => {
    const t = call.trail
    const decisionId = deps.newDecisionId()
    const fields: Record<string, AuditField> = { decisionId, answerOf: call.decisionId }
    for (const k of ['agent', 'server', 'session', 'tool', 'rpcMethod', 'method', 'target'] as const) {
      const v = t[k]
      if (v !== undefined) fields[k] = v
    }
    if (w.session !== undefined) fields['session'] = w.session
    // The id exactly as written, when it is a plausible one; a huge one is in the digest of the message.
    if (w.rpcId !== undefined && String(w.rpcId).length <= 256) fields['rpcId'] = w.rpcId
    Object.assign(fields, { digest: Buffer.from(sha256(w.bytes)).toString('hex'), verdict: 'reject', code: w.code, message: w.message.slice(0, 500) })
    try {
      await deps.audit.append('decision', fields)
    } catch (err) {
      gateLog(deps)(`verbatim gate: audit of a withheld MCP message failed (withheld all the same): ${String(err)}`)
      return undefined
    }
    deps.metrics?.decision('reject', w.code, '')
    return decisionId
  }
}
