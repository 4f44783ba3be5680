/** @module gate/mcp/read: the second stage of an MCP request: its one message, read from the canonical bytes, its name, its revision, its place on the ledger. */
import { Buffer } from 'node:buffer'
import { canonicalBytes, sha256 } from '../../canonical/index.js'
import { VerbatimError } from '../../errors/index.js'
import { checkContentHeaders } from '../../intake/index.js'
import { policyName, readRpcMessage, subjectOf, transportSubject } from '../../mcp/index.js'
import type { McpSubject, RpcMessage } from '../../mcp/index.js'
import type { Call } from '../call/index.js'
import type { GateDeps, McpDeps } from '../deps.js'
import type { Exchange } from '../http/exchange.js'
import { readCallBody } from '../tool-call.js'
import { checkRoutingHeaders, revisionToForward } from './admit.js'
import type { Admitted } from './admit.js'
import { expectAnswer } from './answers.js'

/** What the gate decides on and forwards. */
export interface McpMessage {
  /** The JSON-RPC message a POST carries; none for GET and DELETE. */
  rpc: RpcMessage | undefined
  subject: McpSubject
  /** Exactly the canonical bytes forwarded (none for GET and DELETE). */
  bytes: Uint8Array
  /** The MCP-Protocol-Version forwarded, signed into the decision (none for initialize). */
  revision: string | undefined
  /** The policy name, `mcp:{server}{suffix}`. */
  tool: string
}

/**
 * A POST's body goes through the strict canonical core and must be one JSON-RPC message whose
 * routing headers say what it says; a GET or DELETE carries no body. The revision is settled, and
 * a request is put on its session's ledger before anything can answer it. `seen` learns the
 * message as soon as it is read (a denial answers it in JSON-RPC).
 */
export async function readMessage(ex: Exchange, deps: GateDeps, mcp: McpDeps, call: Call, a: Admitted, seen: (m: RpcMessage) => void): Promise<McpMessage> {
  const t = call.trail
  let subject: McpSubject
  let rpc: RpcMessage | undefined
  let bytes: Uint8Array = new Uint8Array()
  if (a.method === 'POST') {
    checkContentHeaders(ex.header('content-type'), ex.header('content-encoding'))
    const canonical = canonicalBytes(await readCallBody(ex, deps, call), deps.canonical)
    t.digest = Buffer.from(canonical.digest).toString('hex')
    rpc = readRpcMessage(canonical.value)
    seen(rpc)
    if (rpc.kind !== 'notification') t.rpcId = rpc.id
    subject = subjectOf(rpc)
    checkRoutingHeaders(subject, rpc, ex.header('mcp-method'), ex.header('mcp-name'))
    bytes = canonical.bytes
  } else {
    if (ex.header('content-length') !== undefined && ex.header('content-length') !== '0') throw new VerbatimError('ERR_INTAKE_LENGTH_MISMATCH', `${a.method} on an MCP endpoint carries no body`)
    if (ex.header('transfer-encoding') !== undefined) throw new VerbatimError('ERR_INTAKE_LENGTH_MISMATCH', `${a.method} on an MCP endpoint carries no body`)
    if (a.method === 'DELETE' && a.sid === undefined) throw new VerbatimError('ERR_MCP_SESSION', 'DELETE ends a session: send its Mcp-Session-Id')
    subject = transportSubject(a.method)
    t.digest = Buffer.from(sha256(bytes)).toString('hex')
  }
  const revision = revisionToForward(rpc, ex.header('mcp-protocol-version'), a.use?.session)
  if (revision !== undefined) t.revision = revision
  const tool = policyName(a.name, subject)
  t.tool = tool
  t.rpcMethod = subject.method
  if (rpc !== undefined) {
    const forget = await expectAnswer(mcp.sessions, a.sid, rpc)
    if (forget !== undefined) a.undo.push(forget)
  }
  return { rpc, subject, bytes, revision, tool }
}
