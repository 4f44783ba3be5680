/** @module gate/mcp/deny: a policy denial of an MCP request, as the JSON-RPC error the client's SDK surfaces. */
import { JSONRPC_ERRORS, toProblem } from '../../errors/index.js'
import type { VerbatimError } from '../../errors/index.js'
import type { RpcId } from '../../mcp/index.js'
import type { Reply } from '../http/exchange.js'

/** The JSON-RPC error code of a Verbatim denial: one no SDK reserves (docs/errors.md, the JSON-RPC table). */
export const MCP_DENIED = JSONRPC_ERRORS.denied.code

/**
 * A denied request is answered as JSON-RPC (2.0 §5): an error with the problem's title and detail as
 * the message, and the RFC 9457 problem (stable `code`, `decisionId`) as `data`. HTTP 200, as the
 * transport answers every JSON-RPC response; nothing reached the server.
 */
export function denialResponse(e: VerbatimError, id: RpcId, decisionId: string): Reply {
  const problem = toProblem(e, decisionId)
  const body = { jsonrpc: '2.0', id, error: { code: MCP_DENIED, message: problem.detail ?? problem.title, data: problem } }
  return { status: 200, headers: { 'content-type': 'application/json', 'verbatim-decision-id': decisionId, 'cache-control': 'no-store' }, body: JSON.stringify(body) }
}
