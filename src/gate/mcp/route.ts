/** @module gate/mcp/route: the MCP transport: POST, GET and DELETE on /mcp/{server} through the call core. */
import { Buffer } from 'node:buffer'
import { canonicalBytes, sha256 } from '../../canonical/index.js'
import type { McpServerConfig } from '../../config/index.js'
import { VerbatimError } from '../../errors/index.js'
import { checkContentHeaders } from '../../intake/index.js'
import { methodMatches, policyName, readRpcMessage, subjectOf, transportSubject } from '../../mcp/index.js'
import type { McpSubject, RpcMessage } from '../../mcp/index.js'
import { couldAllow, evaluate, publicReason } from '../../policy/index.js'
import { approve, deliverStream, finishCall, refuse, startCall } from '../call/index.js'
import type { Call } from '../call/index.js'
import type { GateDeps, UpstreamRuntime } from '../deps.js'
import type { Exchange, Reply } from '../http/exchange.js'
import { problemReply } from '../http/problem.js'
import { readCallBody } from '../tool-call.js'
import { checkAccept, checkOriginAndHost, checkRoutingHeaders, revisionToForward } from './admit.js'
import { denialResponse } from './deny.js'
import { relayMcp } from './relay.js'
import { decisionRecordFields } from '../../audit/index.js'
import { validTraceparent } from '../../observe/index.js'
import type { Watch } from './relay.js'
import type { McpSessions } from './sessions.js'

/** One MCP server as the gate serves it. */
export interface McpRuntime {
  config: McpServerConfig
  upstream: UpstreamRuntime
  allowedHosts: readonly string[] | undefined
}

export interface McpDeps {
  servers: ReadonlyMap<string, McpRuntime>
  sessions: McpSessions
}

/** The headers of the transport the guard and the server need, passed on outside the signed bytes. */
const PASSED = ['accept', 'mcp-session-id', 'mcp-protocol-version', 'last-event-id', 'mcp-method', 'mcp-name'] as const

function upstreamUrl(base: string, path: string): URL {
  const u = new URL(base)
  u.pathname = `${u.pathname.replace(/\/+$/, '')}${path}`
  u.search = ''
  return u
}

export async function handleMcp(ex: Exchange, deps: GateDeps, mcp: McpDeps): Promise<Reply> {
  const call = startCall(deps, { method: ex.method, target: ex.target.slice(0, 256), transport: 'mcp' })
  let msg: RpcMessage | undefined
  let reply: Reply
  try {
    reply = await mcpCall(ex, deps, mcp, call, (m) => (msg = m))
  } catch (err) {
    // The decision id only once its record is durable; else a 503 that names none (DESIGN invariant 8).
    const { error: e, decisionId } = await refuse(deps, call, err)
    reply = msg?.kind === 'request' && decisionId !== undefined && e.code.startsWith('ERR_POLICY_') ? denialResponse(e, msg.id, decisionId) : problemReply(e, decisionId)
  }
  finishCall(deps, call, reply.status)
  return reply
}

async function mcpCall(ex: Exchange, deps: GateDeps, mcp: McpDeps, call: Call, seen: (m: RpcMessage) => void): Promise<Reply> {
  const t = call.trail
  const method = ex.method
  const traceparent = validTraceparent(ex.header('traceparent'))
  if (traceparent !== undefined) t.traceparent = traceparent
  const name = /^\/mcp\/([a-z0-9][a-z0-9_-]{0,63})$/.exec(String(t.target))?.[1]
  const server = name === undefined ? undefined : mcp.servers.get(name)
  if (server === undefined || name === undefined) throw new VerbatimError('ERR_GATE_NOT_FOUND', 'no such MCP server')
  if (method !== 'POST' && method !== 'GET' && method !== 'DELETE') throw new VerbatimError('ERR_INTAKE_METHOD', 'an MCP endpoint takes POST, GET and DELETE')
  t.server = name
  checkOriginAndHost(ex.header('origin'), ex.header('host'), server.config.allowedOrigins, server.allowedHosts)
  const agent = deps.authenticate(ex.header('authorization'))
  t.agent = agent
  t.audience = server.upstream.config.audience
  checkAccept(method, ex.header('accept'))

  const sid = ex.header('mcp-session-id')
  const session = sid === undefined ? undefined : mcp.sessions.get(sid)
  if (sid !== undefined && (session === undefined || session.agent !== agent || session.server !== name)) {
    throw new VerbatimError('ERR_MCP_SESSION', 'unknown session for this agent and server; initialize a new one')
  }
  if (sid !== undefined) t.session = sid

  let subject: McpSubject
  let rpc: RpcMessage | undefined
  let bytes: Uint8Array = new Uint8Array()
  if (method === 'POST') {
    checkContentHeaders(ex.header('content-type'), ex.header('content-encoding'))
    const canonical = canonicalBytes(await readCallBody(ex, deps, call), deps.canonical)
    t.digest = Buffer.from(canonical.digest).toString('hex')
    const m = readRpcMessage(canonical.value)
    seen(m)
    rpc = m
    if (m.kind !== 'notification') t.rpcId = m.id
    subject = subjectOf(m)
    checkRoutingHeaders(subject, m, ex.header('mcp-method'), ex.header('mcp-name'))
    bytes = canonical.bytes
  } else {
    if (ex.header('content-length') !== undefined && ex.header('content-length') !== '0') throw new VerbatimError('ERR_INTAKE_LENGTH_MISMATCH', `${method} on an MCP endpoint carries no body`)
    if (ex.header('transfer-encoding') !== undefined) throw new VerbatimError('ERR_INTAKE_LENGTH_MISMATCH', `${method} on an MCP endpoint carries no body`)
    if (method === 'DELETE' && sid === undefined) throw new VerbatimError('ERR_MCP_SESSION', 'DELETE ends a session: send its Mcp-Session-Id')
    subject = transportSubject(method)
    t.digest = Buffer.from(sha256(bytes)).toString('hex')
  }
  const revision = revisionToForward(rpc, ex.header('mcp-protocol-version'), session)
  if (revision !== undefined) t.revision = revision
  const tool = policyName(name, subject)
  t.tool = tool
  t.rpcMethod = subject.method

  // tools/call, prompts/get and resources/read are always decided; other methods pass if listed.
  const policy = deps.policy()
  const passes = !subject.named && (method !== 'POST' || subject.method === 'response' || server.config.pass.some((p) => methodMatches(p, subject.method)))
  let policyDigest = policy.digest
  if (passes) {
    t.passed = true
  } else {
    const d = evaluate(policy, { agent, tool, value: subject.value })
    policyDigest = d.policyDigest
    Object.assign(t, decisionRecordFields(d, subject.value, deps.auditArguments))
    if (d.decision !== 'allow') throw new VerbatimError(d.code ?? 'ERR_POLICY_NO_MATCH', publicReason(d))
  }
  t.policyDigest = policyDigest

  const approval = await approve(deps, call, {
    agent, tool, upstream: server.upstream, method, url: upstreamUrl(server.upstream.config.url, server.config.path), bytes, policyDigest,
    ...(sid === undefined ? {} : { session: sid }), ...(revision === undefined ? {} : { protocol: revision }), limited: method === 'POST',
  })
  const passed: Record<string, string> = {}
  for (const h of PASSED) {
    const v = ex.header(h)
    if (v !== undefined) passed[h] = v
  }
  if (traceparent !== undefined) passed['traceparent'] = traceparent
  // The server sees the revision the gate decided on (and signed), never another.
  delete passed['mcp-protocol-version']
  if (revision !== undefined) passed['mcp-protocol-version'] = revision
  const res = await deliverStream(deps, call, approval, passed)
  if (sid !== undefined && (res.status === 404 || (method === 'DELETE' && res.status < 300))) mcp.sessions.delete(sid)

  let watch: Watch | undefined
  const m = rpc
  if (m?.kind === 'request') {
    const prefix = `mcp:${name}`
    watch = {
      id: m.id,
      method: m.method,
      filter: {
        tool: (n) => couldAllow(policy, agent, `${prefix}/tools/call/${n}`),
        prompt: (n) => couldAllow(policy, agent, `${prefix}/prompts/get/${n}`),
        resource: (uri) => evaluate(policy, { agent, tool: `${prefix}/resources/read`, value: { uri } }).decision === 'allow',
      },
    }
    if (m.method === 'initialize') {
      watch.onInitialized = (revision, sessionId) => {
        if (sessionId !== undefined) mcp.sessions.set(sessionId, { agent, server: name, revision })
      }
    }
  }
  return relayMcp(res, call.decisionId, watch, server.upstream.config.maxResponseBytes)
}
