/** @module gate/mcp/route: the MCP transport: POST, GET and DELETE on /mcp/{server}, stage by stage through the call core. */
import { createHash } from 'node:crypto'
import { approve, deliverStream, finishCall, refuse, startCall } from '../call/index.js'
import type { Call } from '../call/index.js'
import type { GateDeps, McpDeps } from '../deps.js'
import type { StreamedResponse } from '../forward.js'
import type { Exchange, Reply } from '../http/exchange.js'
import { problemReply } from '../http/problem.js'
import type { RpcMessage } from '../../mcp/index.js'
import { admit, giveBack } from './admit.js'
import { decide } from './decide.js'
import { denialResponse, statelessRefusal } from './deny.js'
import { readMessage } from './read.js'
import { eraOf } from './revision.js'
import type { McpMessage } from './read.js'
import { relayAnswer } from './reply.js'
import { approvalOf, passedHeaders } from './send.js'
import { askMcp, gateRetry } from './approval.js'

export async function handleMcp(ex: Exchange, deps: GateDeps, mcp: McpDeps): Promise<Reply> {
  const call = startCall(deps, { method: ex.method, target: ex.target.slice(0, 256), transport: 'mcp' })
  let msg: RpcMessage | undefined
  let reply: Reply
  try {
    reply = await mcpCall(ex, deps, mcp, call, (m) => (msg = m))
  } catch (err) {
    // The decision id only once its record is durable; else a 503 that names none (DESIGN invariant 8).
    const { error: e, decisionId } = await refuse(deps, call, err)
    reply = problemReply(e, decisionId)
    if (msg?.kind === 'request') {
      if (decisionId !== undefined && (e.code.startsWith('ERR_POLICY_') || e.code.startsWith('ERR_APPROVAL_'))) reply = denialResponse(e, msg.id, decisionId)
      else if (eraOf(ex.header('mcp-protocol-version')) !== 'session') reply = statelessRefusal(e, msg.id, decisionId) ?? reply
    }
  }
  finishCall(deps, call, reply.status)
  return reply
}

/**
 * admit (server, transport checks, agent, session) → read (one message, its name, revision and
 * ledger entry) → decide (policy) → approve (bind, write-ahead) → deliver (forward, receipt) →
 * relay (the answer through the inspector). What admission and reading took is given back if the
 * call goes no further than the gate.
 */
async function mcpCall(ex: Exchange, deps: GateDeps, mcp: McpDeps, call: Call, seen: (m: RpcMessage) => void): Promise<Reply> {
  const a = await admit(ex, deps, mcp, call)
  let m: McpMessage
  let res: StreamedResponse
  try {
    const read = gateRetry(await readMessage(ex, deps, mcp, call, a, seen))
    m = read.m
    // The gate's own MRTR state is taken out: the record names the bytes that go on.
    if (read.named !== undefined) Object.assign(call.trail, { digest: createHash('sha256').update(m.bytes).digest('hex'), mrtr: 'approval' })
    const { policyDigest, ask } = await decide(deps, mcp, call, a, m)
    // An ask: a person approved exactly this message, or the request is answered that it waits (gate/mcp/approval.ts).
    const asked = ask === undefined ? undefined : await askMcp(ex, deps, call, a, m, ask, read)
    if (asked !== undefined && 'reply' in asked) {
      await giveBack(a)
      return asked.reply
    }
    const approval = await approve(deps, call, { ...approvalOf(a, m, policyDigest), ...(asked === undefined ? {} : { approval: asked.carry }) })
    res = await deliverStream(deps, call, approval, passedHeaders(ex, a, m))
  } catch (err) {
    await giveBack(a)
    throw err
  }
  return relayAnswer(deps, mcp, call, a, m, res)
}
