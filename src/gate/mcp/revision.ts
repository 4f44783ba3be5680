/** @module gate/mcp/revision: the revision an MCP request is read in: a session's, the stateless one (2026-07-28), or none the gate speaks. */
import { VerbatimError } from '../../errors/index.js'
import { MCP_REVISIONS, SESSION_REVISIONS, STATELESS_REVISIONS, declaredRevision } from '../../mcp/index.js'
import type { RpcMessage } from '../../mcp/index.js'
import type { McpSession } from './sessions.js'

/**
 * How a request is served, chosen by MCP-Protocol-Version alone, as the official Python SDK routes
 * a dual-era endpoint (MCP 2026-07-28 basic/versioning, Backward Compatibility): no header or a
 * session revision, the session era; the stateless revision, stateless; anything else is a
 * revision the gate does not speak.
 */
export type Era = 'session' | 'stateless' | 'unknown'

/** Revisions a client may name in MCP-Protocol-Version inside a session; the server still sees the session's. */
const SESSION_ERA: readonly string[] = [...SESSION_REVISIONS, '2025-03-26', '2024-11-05']

export function eraOf(header: string | undefined): Era {
  if (header === undefined || SESSION_ERA.includes(header)) return 'session'
  return STATELESS_REVISIONS.includes(header) ? 'stateless' : 'unknown'
}

/**
 * A revision the gate does not speak. To a request it is answered as UnsupportedProtocolVersion
 * (-32022, MCP 2026-07-28 basic/versioning) with the revisions it does speak, so that a client can
 * retry with one of them.
 */
export function unsupportedRevision(requested: string | undefined): VerbatimError {
  return new VerbatimError('ERR_MCP_PROTOCOL_VERSION', `MCP-Protocol-Version ${requested ?? '(none)'} is not a revision this gate speaks (${MCP_REVISIONS.join(', ')})`, {
    detail: { supported: [...MCP_REVISIONS], ...(requested === undefined ? {} : { requested }) },
  })
}

/**
 * The revision of the session era is never the client's choice alone. initialize must ask for one
 * the gate negotiates, so every session runs 2025-11-25 or 2025-06-18. Inside a session the server
 * always sees the session's revision in MCP-Protocol-Version, whatever (known) revision the client
 * wrote there: an older one cannot reach the server, so it cannot change how the server reads a
 * message the gate checked. Without a session (a stateless server of those revisions) the header
 * must name a revision the gate negotiates; an absent header would make the server assume
 * 2025-03-26. Returns the header to forward (none for initialize).
 */
export function revisionToForward(msg: RpcMessage | undefined, header: string | undefined, session: McpSession | undefined): string | undefined {
  if (msg?.kind === 'request' && msg.method === 'initialize') {
    const asked = msg.params?.['protocolVersion']
    if (typeof asked !== 'string' || !SESSION_REVISIONS.includes(asked)) {
      throw new VerbatimError('ERR_MCP_PROTOCOL_VERSION', `initialize asks for protocol revision ${JSON.stringify(asked)}; this gate negotiates ${SESSION_REVISIONS.join(', ')}`)
    }
    return undefined
  }
  if (session !== undefined) return session.revision
  if (header === undefined || !SESSION_REVISIONS.includes(header)) {
    throw new VerbatimError('ERR_MCP_PROTOCOL_VERSION', `MCP-Protocol-Version ${header ?? '(none)'} is not a revision this gate speaks without a session (${SESSION_REVISIONS.join(', ')})`)
  }
  return header
}

/**
 * The revision a message declares in its `_meta` (2026-07-28 basic/index) is the one the server is
 * told in MCP-Protocol-Version: a server reads a message in one revision or the other, and the
 * decision binds one (docs/binding.md §13.4, step 9h). A message that declares none passes.
 */
export function checkDeclaredRevision(msg: RpcMessage, forwarded: string | undefined): void {
  const declared = declaredRevision(msg)
  if (declared === undefined || (typeof declared === 'string' && declared === forwarded)) return
  throw new VerbatimError('ERR_MCP_HEADER_MISMATCH', `the message declares protocol revision ${JSON.stringify(declared)} in _meta, and MCP-Protocol-Version is ${forwarded ?? '(none)'}`)
}
