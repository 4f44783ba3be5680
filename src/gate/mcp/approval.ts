/**
 * @module gate/mcp/approval: an MCP request policy decided `ask` runs only once a person approved
 * exactly its message (its `id` aside: docs/binding.md §14.1). MCP requests are not held (client SDKs
 * time requests out): the gate answers at once, the way each revision lets a server send a user to a
 * page, and runs the request when it comes again, approved. 2025-11-25, a client that declared
 * URL-mode elicitation: URLElicitationRequired (-32042). 2026-07-28: an `input_required` result (MRTR)
 * whose `requestState` names the approval; its retry is checked against the approval. Otherwise: a
 * JSON-RPC error that carries the status URL.
 */
import canonicalize from 'canonicalize'
import { approvedBytes } from '../../approval/index.js'
import type { BookEntry } from '../../approval/index.js'
import { strictValue } from '../../canonical/index.js'
import type { JsonValue } from '../../canonical/index.js'
import { JSONRPC_ERRORS, VerbatimError, retryAfterSeconds } from '../../errors/index.js'
import { readRpcMessage } from '../../mcp/index.js'
import type { Decision } from '../../policy/index.js'
import { approvalStatus } from '../approval-http.js'
import { ask } from '../call/index.js'
import type { ApproveInput, Call } from '../call/index.js'
import type { GateDeps } from '../deps.js'
import type { Exchange, Reply } from '../http/exchange.js'
import { carried } from '../approval-http.js'
import type { Admitted } from './admit.js'
import type { McpMessage } from './read.js'

/** The `requestState` of the gate's own `input_required` result, and the key of its input request. */
export const GATE_STATE = 'verbatim-approval:'
export const INPUT_KEY = 'verbatim-approval'

const isObject = (v: JsonValue | undefined): v is { [k: string]: JsonValue } => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Whether the client said it can open a page for the user: the session's initialize (2025-11-25), or the request's `_meta` (2026-07-28). */
function urlElicitation(a: Admitted, value: JsonValue): boolean {
  if (a.era === 'session') return a.use?.session.urlElicitation === true
  const meta = isObject(value) && isObject(value['params']) ? value['params']['_meta'] : undefined
  const caps = isObject(meta) ? meta['io.modelcontextprotocol/clientCapabilities'] : undefined
  const e = isObject(caps) ? caps['elicitation'] : undefined
  return isObject(e) && e['url'] !== undefined
}

/**
 * MCP 2026-07-28: a retry of the gate's own `input_required` names its approval in `requestState`.
 * The gate takes out what it issued (`requestState`, and its entry of `inputResponses`): the server
 * never issued them. What remains is decided, approved and forwarded (DESIGN invariant 1 holds for it).
 */
export function gateRetry(m: McpMessage): { m: McpMessage; named?: string; declined?: boolean } {
  const rpc = m.rpc
  const state = rpc?.kind === 'request' ? rpc.params?.['requestState'] : undefined
  if (typeof state !== 'string' || !state.startsWith(GATE_STATE) || rpc?.kind !== 'request') return { m }
  const value = strictValue(m.bytes) as { [k: string]: JsonValue }
  const params = { ...(value['params'] as { [k: string]: JsonValue }) }
  delete params['requestState']
  const responses = isObject(params['inputResponses']) ? { ...params['inputResponses'] } : undefined
  const mine = responses?.[INPUT_KEY]
  if (responses !== undefined) {
    delete responses[INPUT_KEY]
    if (Object.keys(responses).length === 0) delete params['inputResponses']
    else params['inputResponses'] = responses
  }
  const bytes = new TextEncoder().encode(canonicalize({ ...value, params }) ?? '')
  return { m: { ...m, bytes, rpc: readRpcMessage(strictValue(bytes)) }, named: state.slice(GATE_STATE.length), declined: isObject(mine) && mine['action'] !== 'accept' }
}

/** What asking gives: a reply now (the request waits), or the approval to bind and run under. */
export type McpAsk = { reply: Reply } | { carry: NonNullable<ApproveInput['approval']> }

/** The answer to a request that waits for approval, as its revision and the client's capabilities allow. */
function waiting(deps: GateDeps, a: Admitted, e: BookEntry, decisionId: string, value: JsonValue, declined: boolean): Reply {
  const desk = deps.approvals
  if (desk === undefined) throw new VerbatimError('ERR_APPROVAL_UNAVAILABLE', 'no approvals desk')
  const id = isObject(value) ? value['id'] : undefined
  const status = { ...approvalStatus(desk, e), decisionId, url: desk.url(e.target.approvalId), retryAfter: Number(retryAfterSeconds()) }
  const message = `A person must approve this call first: ${e.call.reasons.join('; ')}`
  const headers = { 'content-type': 'application/json', 'cache-control': 'no-store', 'verbatim-decision-id': decisionId, 'verbatim-approval-id': e.target.approvalId }
  const body = (x: Record<string, unknown>): Reply => ({ status: 200, headers, body: JSON.stringify({ jsonrpc: '2.0', id, ...x }) })
  const elicit = { mode: 'url', message, url: status.url }
  if (urlElicitation(a, value) && !declined) {
    if (a.era === 'stateless') {
      // MRTR: the client asks the user to open the page, then sends the request again with this state.
      return body({ result: { resultType: 'input_required', inputRequests: { [INPUT_KEY]: { method: 'elicitation/create', params: elicit } }, requestState: `${GATE_STATE}${e.target.approvalId}` } })
    }
    if (a.use?.session.revision === '2025-11-25') {
      return body({ error: { code: JSONRPC_ERRORS.urlElicitationRequired.code, message, data: { elicitations: [{ ...elicit, elicitationId: e.target.approvalId }], ...status } } })
    }
  }
  return body({ error: { code: JSONRPC_ERRORS.approvalPending.code, message, data: status } })
}

/** The approval step of an MCP request: use an approval given, or answer that it waits (never held). */
export async function askMcp(ex: Exchange, deps: GateDeps, call: Call, a: Admitted, m: McpMessage, d: Decision, retry: { named?: string; declined?: boolean }): Promise<McpAsk> {
  const value = strictValue(m.bytes)
  const named = retry.named ?? ex.header('verbatim-approval-id')
  const out = await ask(deps, call, {
    agent: a.agent, tool: m.tool, audience: a.server.upstream.config.audience, approved: approvedBytes(m.bytes, value, 'mcp'), decision: d, holdMs: 0,
    ...(named === undefined ? {} : { named }),
  })
  if (out.kind === 'pending') return { reply: waiting(deps, a, out.entry, call.decisionId, value, retry.declined === true) }
  Object.assign(call.trail, { approvalId: out.entry.target.approvalId, approvalDigest: out.entry.target.digest })
  return { carry: carried(out.entry, out.votes) }
}
