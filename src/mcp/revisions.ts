/** @module mcp/revisions: the MCP revisions Verbatim speaks, and the revision a 2026-07-28 request declares in its `_meta` (pure). */
import type { JsonValue } from '../canonical/index.js'
import type { RpcMessage } from './message.js'

/** Revisions negotiated by `initialize` and kept per session (the official TypeScript SDK 1.32's). */
export const SESSION_REVISIONS: readonly string[] = ['2025-11-25', '2025-06-18']

/**
 * Stateless revisions (MCP 2026-07-28, basic/versioning): no initialize and no session; every request
 * declares its revision in `params._meta` and, over HTTP, in MCP-Protocol-Version.
 */
export const STATELESS_REVISIONS: readonly string[] = ['2026-07-28']

/** Every revision Verbatim speaks, newest first. */
export const MCP_REVISIONS: readonly string[] = [...STATELESS_REVISIONS, ...SESSION_REVISIONS]

/** MCP 2026-07-28 basic/index, `_meta`: the request's protocol revision. */
export const META_PROTOCOL_VERSION = 'io.modelcontextprotocol/protocolVersion'

/** The `_meta` member of a request's or notification's params, when it is an object. */
export function metaOf(msg: RpcMessage): { [k: string]: JsonValue } | undefined {
  if (msg.kind === 'response') return undefined
  const meta = msg.params?.['_meta']
  return typeof meta === 'object' && meta !== null && !Array.isArray(meta) ? meta : undefined
}

/**
 * The revision a message declares in `params._meta["io.modelcontextprotocol/protocolVersion"]`:
 * undefined when it declares none (every message of a session revision), else the value as written
 * (not necessarily a String).
 */
export function declaredRevision(msg: RpcMessage): JsonValue | undefined {
  const meta = metaOf(msg)
  return meta !== undefined && Object.hasOwn(meta, META_PROTOCOL_VERSION) ? meta[META_PROTOCOL_VERSION] : undefined
}
