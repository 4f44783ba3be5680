/** @module mcp/inspect: one message an MCP server sends the agent, read the one way the gate reads everything (pure). */
import { MAX_DEPTH_CEILING, strictValue } from '../canonical/index.js'
import type { CanonicalOptions, JsonValue } from '../canonical/index.js'
import { JSONRPC_ERRORS, isVerbatimError, toProblem } from '../errors/index.js'
import type { VerbatimError } from '../errors/index.js'
import { readRpcMessage } from './message.js'
import type { RpcId } from './message.js'

/** What a server's message is, as far as relaying it goes. */
export type ServerMessage =
  /** Not exactly one JSON-RPC message, or not one meaning: a client's parser might read it otherwise. */
  | { kind: 'unreadable'; reason: string }
  /** A request or a notification from the server (sampling, progress, list_changed…): it answers nothing. */
  | { kind: 'call' }
  /** An error for a request whose id the server could not read (JSON-RPC 2.0 §5: id null): it answers nothing either. */
  | { kind: 'null-error' }
  /** A response: it must answer an outstanding request of the session, exactly. */
  | { kind: 'response'; id: RpcId; value: JsonValue; error: boolean }

type JsonObject = { [k: string]: JsonValue }

const isObject = (v: JsonValue | undefined): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * Reads one message from a server with the gate's strict reader (docs/canonical.md): duplicate or
 * case-colliding keys, lone surrogates and numbers that lose precision are unreadable, so the id and
 * the lists the gate decides on are the ones every client parser reads. Depth is bounded only by the
 * parser's ceiling: an answer's nesting is the tool's business, not a meaning. A batch is unreadable
 * (MCP 2025-06-18 removed them).
 */
export function readServerMessage(bytes: Uint8Array, options: CanonicalOptions): ServerMessage {
  let value: JsonValue
  try {
    value = strictValue(bytes, { ...options, maxDepth: MAX_DEPTH_CEILING })
  } catch (e) {
    return { kind: 'unreadable', reason: `not one strict JSON value (${isVerbatimError(e) ? e.code : 'unreadable'})` }
  }
  // JSON-RPC 2.0 §5: an error whose request could not be read carries id null; it answers no request.
  if (isObject(value) && value['id'] === null && value['jsonrpc'] === '2.0' && isObject(value['error']) && !Object.hasOwn(value, 'result') && !Object.hasOwn(value, 'method')) {
    return { kind: 'null-error' }
  }
  try {
    const m = readRpcMessage(value)
    if (m.kind !== 'response') return { kind: 'call' }
    return { kind: 'response', id: m.id, value, error: isObject(value) && Object.hasOwn(value, 'error') }
  } catch (e) {
    return { kind: 'unreadable', reason: `not one JSON-RPC 2.0 message (${isVerbatimError(e) ? e.message : 'unreadable'})` }
  }
}

/** The key of a request id in a ledger: its JSON type and value, so `2` and `"2"` are two ids (JSON-RPC 2.0 §5). */
export function idKey(id: RpcId): string {
  return typeof id === 'string' ? `s:${id}` : `n:${id}`
}

/** The JSON-RPC error (2.0 §5.1: -32603, internal error) that answers a request whose answer the gate withheld; the RFC 9457 problem is its data. */
export function withheldAnswer(id: RpcId, e: VerbatimError, decisionId?: string): string {
  const problem = toProblem(e, decisionId)
  return JSON.stringify({ jsonrpc: '2.0', id, error: { code: JSONRPC_ERRORS.withheld.code, message: problem.detail ?? problem.title, data: problem } })
}
