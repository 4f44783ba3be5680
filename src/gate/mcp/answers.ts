/** @module gate/mcp/answers: what the answer to one MCP exchange may hold: the requests it may answer, the lists it may show, the session it may open. */
import type { JsonValue } from '../../canonical/index.js'
import { VerbatimError, isVerbatimError } from '../../errors/index.js'
import { SESSION_REVISIONS, idKey, withheldAnswer } from '../../mcp/index.js'
import type { ListFilter, RpcId, RpcMessage } from '../../mcp/index.js'
import { couldAllow, evaluate } from '../../policy/index.js'
import type { CompiledPolicy } from '../../policy/index.js'
import { singleHeader } from '../answer.js'
import type { StreamedResponse } from '../forward.js'
import type { Reply } from '../http/exchange.js'
import { problemReply } from '../http/problem.js'
import { discard } from './relay.js'
import type { Ledger, Withheld } from './relay.js'
import type { McpSessionStore } from './sessions.js'

/** The requests an exchange's answer may answer: its session's outstanding ones, or without a session the one request it carried. */
export function ledgerOf(store: McpSessionStore, sid: string | undefined, msg: RpcMessage | undefined): Ledger {
  if (sid !== undefined) return { take: (id) => store.take(sid, id) }
  const own = new Map<string, string>()
  if (msg?.kind === 'request') own.set(idKey(msg.id), msg.method)
  return {
    take: async (id) => {
      const method = own.get(idKey(id))
      own.delete(idKey(id))
      return method
    },
  }
}

/**
 * Puts a request on its session's ledger before anything can answer it. MCP 2025-11-25 (Basic,
 * Requests): an id "MUST NOT have been previously used by the requestor within the same session";
 * one still outstanding is refused, so an answer never has two requests to choose from. Returns
 * how to take it off again when the call is not forwarded after all.
 */
export async function expectAnswer(store: McpSessionStore, sid: string | undefined, msg: RpcMessage): Promise<(() => Promise<void>) | undefined> {
  if (sid === undefined || msg.kind !== 'request') return undefined
  if (!(await store.expect(sid, msg.id, msg.method))) {
    throw new VerbatimError('ERR_MCP_INVALID_MESSAGE', `request id ${JSON.stringify(msg.id)} is already outstanding in this session (MCP: an id is never reused within a session)`)
  }
  return async () => void (await store.take(sid, msg.id))
}

/**
 * What lists may show this agent: tools and prompts some rule could allow it, resources it may
 * read. Decided on the policy in force when the list arrives (a GET stream may outlive a reload).
 */
export function listFilter(policy: () => CompiledPolicy, agent: string, server: string): ListFilter {
  const prefix = `mcp:${server}`
  return {
    tool: (n) => couldAllow(policy(), agent, `${prefix}/tools/call/${n}`),
    prompt: (n) => couldAllow(policy(), agent, `${prefix}/prompts/get/${n}`),
    resource: (uri) => evaluate(policy(), { agent, tool: `${prefix}/resources/read`, value: { uri } }).decision === 'allow',
  }
}

/** The revision an initialize answer chose, or the refusal of an answer that chose none the gate speaks. */
export function chosenRevision(response: JsonValue): string | VerbatimError {
  const result = typeof response === 'object' && response !== null && !Array.isArray(response) ? response['result'] : undefined
  const revision = typeof result === 'object' && result !== null && !Array.isArray(result) ? result['protocolVersion'] : undefined
  if (typeof revision === 'string' && SESSION_REVISIONS.includes(revision)) return revision
  return new VerbatimError('ERR_MCP_PROTOCOL_VERSION', `the server chose protocol revision ${JSON.stringify(revision)}; this gate negotiates ${SESSION_REVISIONS.join(', ')}`)
}

export interface Opening {
  /** The session bound to this agent, when the answer opened one. */
  opened?: string
  /** The agent's reply instead of the answer, when the session could not be bound. */
  refusal?: Reply
}

/**
 * The head of an initialize answer: the Mcp-Session-Id it hands out is bound to this agent at once,
 * before a byte of the answer is relayed. An id the table holds already (another agent's, or this
 * one's) stays with its holder: the answer is refused (ERR_MCP_SESSION_TAKEN), as is one that finds
 * no room. The refusal is audited, and the agent never sees the id.
 */
export async function openSession(
  store: McpSessionStore,
  res: StreamedResponse,
  init: { id: RpcId; agent: string; server: string; revision: string; callDecisionId: string; urlElicitation?: boolean },
  withhold: (w: Withheld & { session?: string }) => Promise<string | undefined>,
): Promise<Opening> {
  const sid = singleHeader(res.headers['mcp-session-id'])
  if (sid === undefined || res.status < 200 || res.status >= 300) return {}
  let refused: VerbatimError
  try {
    if ((await store.open(sid, { agent: init.agent, server: init.server, revision: init.revision, ...(init.urlElicitation === true ? { urlElicitation: true } : {}) })) === 'opened') return { opened: sid }
    refused = new VerbatimError('ERR_MCP_SESSION_TAKEN', 'the server handed out a session id that is already in use; the session stays with its holder')
  } catch (err) {
    if (!isVerbatimError(err)) throw err
    refused = err
  }
  discard(res.body)
  const decisionId = await withhold({ code: refused.code, message: refused.message, rpcId: init.id, bytes: new TextEncoder().encode(sid), session: sid })
  // The header names the call (as on every answer); the body names the refusal's own record.
  if (refused.code !== 'ERR_MCP_SESSION_TAKEN') {
    const reply = problemReply(refused, decisionId)
    return { refusal: { ...reply, headers: { ...reply.headers, 'verbatim-decision-id': init.callDecisionId } } }
  }
  const headers = { 'content-type': 'application/json', 'cache-control': 'no-store', 'verbatim-decision-id': init.callDecisionId }
  return { refusal: { status: 200, headers, body: withheldAnswer(init.id, refused, decisionId) } }
}
