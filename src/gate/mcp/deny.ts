/** @module gate/mcp/deny: refusals of an MCP request that its client reads as the JSON-RPC error of that request. */
import { JSONRPC_ERRORS, toProblem } from '../../errors/index.js'
import type { ErrorCode, VerbatimError } from '../../errors/index.js'
import type { RpcId } from '../../mcp/index.js'
import type { Reply } from '../http/exchange.js'

/** The JSON-RPC error code of a Verbatim denial: one no SDK reserves (docs/errors.md, the JSON-RPC table). */
export const MCP_DENIED = JSONRPC_ERRORS.denied.code

function rpcError(status: number, id: RpcId, code: number, e: VerbatimError, decisionId: string | undefined, extra: Record<string, unknown> = {}): Reply {
  const problem = toProblem(e, decisionId)
  const body = { jsonrpc: '2.0', id, error: { code, message: problem.detail ?? problem.title, data: { ...problem, ...extra } } }
  const headers: Record<string, string> = { 'content-type': 'application/json', 'cache-control': 'no-store' }
  if (decisionId !== undefined) headers['verbatim-decision-id'] = decisionId
  return { status, headers, body: JSON.stringify(body) }
}

/**
 * A denied request is answered as JSON-RPC (2.0 §5): an error with the problem's title and detail as
 * the message, and the RFC 9457 problem (stable `code`, `decisionId`) as `data`. HTTP 200, as the
 * transport answers every JSON-RPC response; nothing reached the server.
 */
export function denialResponse(e: VerbatimError, id: RpcId, decisionId: string): Reply {
  return rpcError(200, id, MCP_DENIED, e, decisionId)
}

/** The refusals MCP 2026-07-28 gives codes of their own (streamable-http, Server Validation; basic/versioning; basic/index). */
const STATELESS_CODES: Partial<Record<ErrorCode, number>> = {
  ERR_MCP_HEADER_MISMATCH: JSONRPC_ERRORS.headerMismatch.code,
  ERR_MCP_PROTOCOL_VERSION: JSONRPC_ERRORS.unsupportedProtocolVersion.code,
  ERR_MCP_META: JSONRPC_ERRORS.invalidParams.code,
}

/**
 * A request of the stateless revision (or of one the gate does not speak) that the gate refuses
 * for its headers, its revision or its `_meta` gets the revision's JSON-RPC error with HTTP 400, so
 * its SDK can tell a modern refusal from a legacy server (basic/versioning, Backward Compatibility)
 * and recover: list the tools again on HeaderMismatch, retry with a `supported` revision on
 * UnsupportedProtocolVersion. Undefined for any other refusal.
 */
export function statelessRefusal(e: VerbatimError, id: RpcId, decisionId: string | undefined): Reply | undefined {
  const code = STATELESS_CODES[e.code]
  if (code === undefined) return undefined
  const { supported, requested } = e.detail ?? {}
  return rpcError(400, id, code, e, decisionId, supported === undefined ? {} : { supported, ...(requested === undefined ? {} : { requested }) })
}
