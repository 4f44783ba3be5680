/** @module gate/mcp/reply: the last stage of an MCP request: the server's answer, relayed through the inspector. */
import { Readable } from 'node:stream'
import { MCP_REVISIONS } from '../../mcp/index.js'
import type { Call } from '../call/index.js'
import type { GateDeps, McpDeps } from '../deps.js'
import type { StreamedResponse } from '../forward.js'
import type { Reply } from '../http/exchange.js'
import type { Admitted } from './admit.js'
import { chosenRevision, ledgerOf, listFilter, openSession } from './answers.js'
import type { McpMessage } from './read.js'
import { discard, relayMcp } from './relay.js'
import { withholder } from './withhold.js'

/**
 * The server's answer: a session the server says is gone (404), or one a DELETE ended, is dropped
 * at the gate too; an initialize's session is bound first; then every message is checked as it is
 * relayed.
 */
export async function relayAnswer(deps: GateDeps, mcp: McpDeps, call: Call, a: Admitted, m: McpMessage, res: StreamedResponse): Promise<Reply> {
  if (a.sid !== undefined && (res.status === 404 || (a.method === 'DELETE' && res.status < 300))) await mcp.sessions.delete(a.sid)
  const withhold = withholder(deps, call)
  const rpc = m.rpc
  const init = a.era === 'session' && rpc?.kind === 'request' && rpc.method === 'initialize' ? rpc : undefined
  let opened: string | undefined
  if (init !== undefined) {
    const asked = init.params?.['protocolVersion']
    // Whether the client can send its user to a page (MCP 2025-11-25 elicitation, URL mode): an ask call tells it to (gate/mcp/approval.ts).
    const caps = init.params?.['capabilities']
    const elicitation = typeof caps === 'object' && caps !== null && !Array.isArray(caps) ? caps['elicitation'] : undefined
    const urlElicitation = typeof elicitation === 'object' && elicitation !== null && !Array.isArray(elicitation) && elicitation['url'] !== undefined
    const o = await openSession(mcp.sessions, res, { id: init.id, agent: a.agent, server: a.name, revision: String(asked), callDecisionId: call.decisionId, urlElicitation }, withhold)
    if (o.refusal !== undefined) {
      a.use?.release()
      for (const release of a.held) release()
      return o.refusal
    }
    opened = o.opened
  }
  const session = opened ?? a.sid
  const reply = await relayMcp(res, call.decisionId, {
    ledger: ledgerOf(mcp.sessions, a.sid, rpc),
    filter: listFilter(deps.policy, a.agent, a.name),
    tools: (tools) => mcp.toolHeaders.learn(a.name, tools),
    revisions: MCP_REVISIONS,
    ...(rpc?.kind === 'request' ? { own: rpc.id } : {}),
    ...(session === undefined ? {} : { session }),
    ...(init === undefined ? {} : {
      initialized: async (response, isError) => {
        const chosen = isError ? undefined : chosenRevision(response)
        if (opened !== undefined && typeof chosen === 'string') await mcp.sessions.revise(opened, chosen)
        // An initialize that failed, or chose a revision the gate does not speak, opens nothing.
        else if (opened !== undefined) await mcp.sessions.delete(opened)
        return typeof chosen === 'string' ? undefined : chosen
      },
    }),
    withhold,
    done: (answered) => {
      a.use?.release()
      for (const release of a.held) release()
      if (init !== undefined && !answered && opened !== undefined) void mcp.sessions.delete(opened)
    },
    maxBytes: a.server.upstream.config.maxResponseBytes,
    canonical: deps.canonical,
  })
  // The guard said its executor was not reached (the call did not run): the agent may come back then.
  if (call.retryAfter !== undefined && reply.headers['retry-after'] === undefined) reply.headers['retry-after'] = call.retryAfter
  // Cutting the server's stream cuts the agent's (the relay's pipeline carries the close through).
  if (reply.body instanceof Readable) {
    const cut = (): void => discard(res.body)
    a.cut = cut
    if (a.method === 'GET' || m.subject.method === 'subscriptions/listen') {
      reply.body.once('close', mcp.streams.add(cut))
    }
  }
  return reply
}
