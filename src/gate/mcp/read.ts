/** @module gate/mcp/read: the second stage of an MCP request: its one message, read from the canonical bytes, its name, its revision, its headers, its place on the ledger. */
import { Buffer } from 'node:buffer'
import { canonicalBytes, sha256 } from '../../canonical/index.js'
import { VerbatimError } from '../../errors/index.js'
import { checkContentHeaders } from '../../intake/index.js'
import { paramHeadersDigest, policyName, readRpcMessage, subjectOf, transportSubject } from '../../mcp/index.js'
import type { McpSubject, RpcMessage } from '../../mcp/index.js'
import type { Call } from '../call/index.js'
import type { GateDeps, McpDeps } from '../deps.js'
import type { Exchange } from '../http/exchange.js'
import { readCallBody } from '../tool-call.js'
import type { Admitted } from './admit.js'
import { expectAnswer } from './answers.js'
import { checkDeclaredRevision, revisionToForward, unsupportedRevision } from './revision.js'
import { checkParamHeaders, checkRoutingHeaders, checkStatelessMessage } from './routing.js'

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
  /** The Mcp-Param-* headers forwarded (a 2026-07-28 tools/call), held to the arguments they mirror, and their digest (hex) the decision binds. */
  params: Array<[string, string]>
  paramDigest?: string
}

/** A POST's body through the strict canonical core: one JSON-RPC message. */
async function readPost(ex: Exchange, deps: GateDeps, call: Call): Promise<{ rpc: RpcMessage; bytes: Uint8Array }> {
  checkContentHeaders(ex.header('content-type'), ex.header('content-encoding'))
  const canonical = canonicalBytes(await readCallBody(ex, deps, call), deps.canonical)
  call.trail.digest = Buffer.from(canonical.digest).toString('hex')
  return { rpc: readRpcMessage(canonical.value), bytes: canonical.bytes }
}

/** A GET or DELETE carries no body (and a DELETE ends a session, so it names one). */
function checkBodiless(ex: Exchange, a: Admitted, call: Call): void {
  if (ex.header('content-length') !== undefined && ex.header('content-length') !== '0') throw new VerbatimError('ERR_INTAKE_LENGTH_MISMATCH', `${a.method} on an MCP endpoint carries no body`)
  if (ex.header('transfer-encoding') !== undefined) throw new VerbatimError('ERR_INTAKE_LENGTH_MISMATCH', `${a.method} on an MCP endpoint carries no body`)
  if (a.method === 'DELETE' && a.sid === undefined) throw new VerbatimError('ERR_MCP_SESSION', 'DELETE ends a session: send its Mcp-Session-Id')
  call.trail.digest = Buffer.from(sha256(new Uint8Array())).toString('hex')
}

/** The message a POST carries, or the transport subject of a bodiless GET or DELETE. */
async function readBody(ex: Exchange, deps: GateDeps, call: Call, a: Admitted, seen: (m: RpcMessage) => void): Promise<{ rpc?: RpcMessage; bytes: Uint8Array; subject: McpSubject }> {
  if (a.method !== 'POST') {
    checkBodiless(ex, a, call)
    return { bytes: new Uint8Array(), subject: transportSubject(a.method) }
  }
  const { rpc, bytes } = await readPost(ex, deps, call)
  seen(rpc)
  if (rpc.kind !== 'notification') call.trail.rpcId = rpc.id
  return { rpc, bytes, subject: subjectOf(rpc) }
}

/**
 * The headers held to the message, and the revision forwarded: at 2026-07-28 the request's own
 * (which its `_meta` must declare too) with its Mcp-Param-* headers; else a session's. Returns the
 * revision and the Mcp-Param-* headers to forward.
 */
async function settleHeaders(ex: Exchange, mcp: McpDeps, a: Admitted, rpc: RpcMessage | undefined, subject: McpSubject): Promise<{ revision: string | undefined; params: Array<[string, string]> }> {
  const header = ex.header('mcp-protocol-version')
  if (rpc !== undefined) {
    if (a.era === 'stateless') checkStatelessMessage(ex, subject, rpc)
    checkRoutingHeaders(subject, rpc, ex.header('mcp-method'), ex.header('mcp-name'))
  }
  if (a.era === 'unknown') {
    if (rpc !== undefined) checkDeclaredRevision(rpc, header)
    throw unsupportedRevision(header)
  }
  const revision = a.era === 'stateless' ? header : revisionToForward(rpc, header, a.use?.session)
  if (rpc === undefined) return { revision, params: [] }
  checkDeclaredRevision(rpc, revision)
  return { revision, params: a.era === 'stateless' ? await checkParamHeaders(ex, mcp, a.name, subject) : [] }
}

/**
 * A POST's body must be one JSON-RPC message whose headers say what it says; a GET or DELETE
 * carries no body. The revision is settled by the era, and a request is put on its session's
 * ledger before anything can answer it. `seen` learns the message as soon as it is read (a denial,
 * and at 2026-07-28 a header fault, answers it in JSON-RPC).
 */
export async function readMessage(ex: Exchange, deps: GateDeps, mcp: McpDeps, call: Call, a: Admitted, seen: (m: RpcMessage) => void): Promise<McpMessage> {
  const t = call.trail
  const { rpc, bytes, subject } = await readBody(ex, deps, call, a, seen)
  const tool = policyName(a.name, subject)
  // Named before the header checks, so that their refusals name what they refused.
  t.tool = tool
  t.rpcMethod = subject.method
  if (a.era === 'stateless') t.revision = String(ex.header('mcp-protocol-version'))
  const { revision, params } = await settleHeaders(ex, mcp, a, rpc, subject)
  if (revision !== undefined) t.revision = revision
  // MRTR: a retry after input_required is a new call; its inputResponses and requestState are signed with the body, never read here.
  if (rpc?.kind === 'request' && rpc.params !== undefined && (Object.hasOwn(rpc.params, 'inputResponses') || Object.hasOwn(rpc.params, 'requestState'))) t.mrtr = 'retry'
  const digest = paramHeadersDigest(params)
  if (digest === null) throw new VerbatimError('ERR_MCP_HEADER_MISMATCH', 'an Mcp-Param-* header holds a character outside visible ASCII, SP and HTAB: encode it as =?base64?…?=')
  if (rpc !== undefined) {
    const forget = await expectAnswer(mcp.sessions, a.sid, rpc)
    if (forget !== undefined) a.undo.push(forget)
  }
  return { rpc, subject, bytes, revision, tool, params, ...(digest === undefined ? {} : { paramDigest: Buffer.from(digest).toString('hex') }) }
}
