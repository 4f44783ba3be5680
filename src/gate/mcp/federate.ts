/**
 * @module gate/mcp/federate: /mcp, one endpoint for many servers (mcp.federation). Each message is
 * read strictly once as the agent wrote it (its routing headers held to it), routed by the server
 * its name carries, rewritten as that server reads it, and sent through /mcp/{server}'s own
 * pipeline: decided under that server's policy name, bound to that server's guard, audited under
 * its name. A message that names no server goes to every server, and their answers are merged.
 */
import { randomUUID } from 'node:crypto'
import { Buffer } from 'node:buffer'
import { canonicalBytes } from '../../canonical/index.js'
import type { JsonValue } from '../../canonical/index.js'
import { VerbatimError } from '../../errors/index.js'
import { checkContentHeaders } from '../../intake/index.js'
import { LIST_MEMBER, commonFields, decodeCursor, mergeDiscover, mergeInitialize, mergeLists, readRpcMessage, routeOf, subjectOf, toAgent } from '../../mcp/index.js'
import type { RpcMessage, ServerResult } from '../../mcp/index.js'
import { finishCall, refuse, startCall } from '../call/index.js'
import type { Call } from '../call/index.js'
import type { Federation, GateDeps, McpDeps } from '../deps.js'
import type { Exchange, Reply } from '../http/exchange.js'
import { problemReply } from '../http/problem.js'
import { readCallBody } from '../tool-call.js'
import { checkAccept, checkOriginAndHost } from './admit.js'
import { statelessRefusal, unroutableResponse } from './deny.js'
import { federatedStream } from './federate-stream.js'
import { FEDERATED, agentReply, answerIn, drain, sendToMember } from './federate-member.js'
import type { FederatedRequest as Request } from './federate-member.js'
import { checkDeclaredRevision, eraOf, unsupportedRevision } from './revision.js'
import type { Era } from './revision.js'
import { checkRoutingHeaders, checkStatelessMessage } from './routing.js'

type JsonObject = { [k: string]: JsonValue }

export async function handleFederated(ex: Exchange, deps: GateDeps, mcp: McpDeps, fed: Federation): Promise<Reply> {
  const call = startCall(deps, { method: ex.method, target: '/mcp', transport: 'mcp', server: FEDERATED })
  let msg: RpcMessage | undefined
  let reply: Reply
  try {
    reply = await federatedCall(ex, deps, mcp, fed, call, (m) => (msg = m))
  } catch (err) {
    // Refused here, before any server was asked: recorded as the federated endpoint's own decision.
    const { error: e, decisionId } = await refuse(deps, call, err)
    reply = problemReply(e, decisionId)
    const m = msg as RpcMessage | undefined
    if (m?.kind === 'request') {
      if (e.code === 'ERR_MCP_UNROUTABLE' && decisionId !== undefined) reply = unroutableResponse(e, m.id, decisionId)
      else if (eraOf(ex.header('mcp-protocol-version')) !== 'session') reply = statelessRefusal(e, m.id, decisionId) ?? reply
    }
  }
  finishCall(deps, call, reply.status)
  return reply
}

async function federatedCall(ex: Exchange, deps: GateDeps, mcp: McpDeps, fed: Federation, call: Call, seen: (m: RpcMessage) => void): Promise<Reply> {
  const method = ex.method
  if (method !== 'POST' && method !== 'GET' && method !== 'DELETE') throw new VerbatimError('ERR_INTAKE_METHOD', 'an MCP endpoint takes POST, GET and DELETE')
  // Every server's Origin and Host allow-lists, before anything is read (MCP Streamable HTTP, Security Warning: DNS rebinding).
  for (const server of fed.servers) {
    const m = mcp.servers.get(server)
    if (m !== undefined) checkOriginAndHost(ex.header('origin'), ex.header('host'), m.config.allowedOrigins, m.allowedHosts)
  }
  const agent = deps.authenticate(ex.header('authorization'))
  call.trail.agent = agent
  checkAccept(method, ex.header('accept'))
  const era = eraOf(ex.header('mcp-protocol-version'))
  const read = method === 'POST' ? await readAgentMessage(ex, deps, call, era, seen) : undefined
  if (era === 'stateless' && method !== 'POST') throw new VerbatimError('ERR_INTAKE_METHOD', `MCP 2026-07-28 has no ${method}: every message is a POST`)
  const sid = era === 'session' ? ex.header('mcp-session-id') : undefined
  const r: Request = { ex, deps, mcp, fed, agent, era, use: undefined, sid }
  if (read?.msg.kind === 'request' && read.msg.method === 'initialize') return initialize(r, read.msg, read.value)
  if (era === 'session') {
    if (sid === undefined) throw new VerbatimError('ERR_MCP_SESSION', 'no Mcp-Session-Id: initialize first')
    r.use = await mcp.sessions.use(sid, agent, FEDERATED, method === 'GET' ? 'stream' : 'call')
    if (r.use === undefined) throw new VerbatimError('ERR_MCP_SESSION', 'unknown session for this agent on the federated endpoint; initialize a new one')
    call.trail.session = sid
  }
  const release = r.use?.release ?? (() => undefined)
  try {
    if (method === 'GET') return await federatedStream(r, release)
    const reply = method === 'DELETE' ? await end(r) : await dispatch(r, read?.msg as RpcMessage, read?.value as JsonObject)
    release()
    return reply
  } catch (e) {
    release()
    throw e
  }
}

/** The agent's message, read once and strictly, its routing headers held to it as the agent wrote it. */
async function readAgentMessage(ex: Exchange, deps: GateDeps, call: Call, era: Era, seen: (m: RpcMessage) => void): Promise<{ msg: RpcMessage; value: JsonObject }> {
  checkContentHeaders(ex.header('content-type'), ex.header('content-encoding'))
  const c = canonicalBytes(await readCallBody(ex, deps, call), deps.canonical)
  call.trail.digest = Buffer.from(c.digest).toString('hex')
  const msg = readRpcMessage(c.value)
  seen(msg)
  const subject = subjectOf(msg)
  call.trail.rpcMethod = subject.method
  if (era === 'stateless') checkStatelessMessage(ex, subject, msg)
  // The agent's Mcp-Name is held to the agent's name: the server's pipeline then holds the rewritten one to the rewritten body.
  checkRoutingHeaders(subject, msg, ex.header('mcp-method'), ex.header('mcp-name'))
  if (era === 'unknown') {
    checkDeclaredRevision(msg, ex.header('mcp-protocol-version'))
    throw unsupportedRevision(ex.header('mcp-protocol-version'))
  }
  return { msg, value: c.value as JsonObject }
}

/** The servers a request of this agent goes to: its session's, or at 2026-07-28 every one. */
function membersOf(r: Request): Array<[string, string | undefined]> {
  const members = r.use?.session.members
  if (members !== undefined) return Object.entries(members)
  return r.fed.servers.map((s) => [s, undefined])
}

/** One message, to its one server or to all of them. */
async function dispatch(r: Request, msg: RpcMessage, value: JsonObject): Promise<Reply> {
  const route = routeOf(msg, value, r.fed.set)
  // Each server's record says it came through /mcp: the federated session, or `*` at 2026-07-28 (no session).
  const federated = { federated: r.sid ?? FEDERATED }
  if (route.to === 'one') {
    const sid = r.use?.session.members?.[route.server]
    if (r.era === 'session' && sid === undefined) throw new VerbatimError('ERR_MCP_UNROUTABLE', `server ${route.server} is not part of this session`)
    const touched = keepAlive(r, route.server)
    const reply = await sendToMember(r.ex, r.deps, r.mcp, { server: route.server, value: route.value, ...(sid === undefined ? {} : { sid }), ...(route.name === undefined ? {} : { name: route.name }), ...federated })
    await touched
    return agentReply(route.server, reply, r.sid)
  }
  if (msg.kind !== 'request') {
    // A notification goes to every server; the agent is told it was accepted.
    await Promise.all(membersOf(r).map(async ([server, sid]) => drain(await sendToMember(r.ex, r.deps, r.mcp, { server, value, ...(sid === undefined ? {} : { sid }), ...federated }))))
    return { status: 202, headers: {}, body: null }
  }
  const list = LIST_MEMBER[msg.method] !== undefined
  const cursors = list ? decodeCursor(msg.params?.['cursor'], r.fed.set) : undefined
  const targets = membersOf(r).filter(([s]) => cursors === undefined || Object.hasOwn(cursors, s))
  const results: ServerResult[] = []
  const errors: JsonValue[] = []
  await Promise.all(targets.map(async ([server, sid]) => {
    const params = { ...(msg.params ?? {}) }
    delete params['cursor']
    if (cursors?.[server] !== undefined) params['cursor'] = cursors[server]
    const v = list ? { ...value, params } : value
    const answer = await answerIn(await sendToMember(r.ex, r.deps, r.mcp, { server, value: v, ...(sid === undefined ? {} : { sid }), ...federated }), msg.id)
    const agentView = answer === undefined ? undefined : toAgent(server, answer)
    const result = typeof agentView === 'object' && agentView !== null && !Array.isArray(agentView) ? agentView['result'] : undefined
    if (typeof result === 'object' && result !== null && !Array.isArray(result)) results.push({ server, result })
    else errors.push(answer?.['error'] ?? { code: -32603, message: `server ${server} did not answer` })
  }))
  // In the servers' order, whatever order they answered in.
  results.sort((a, b) => r.fed.servers.indexOf(a.server) - r.fed.servers.indexOf(b.server))
  if (results.length === 0) return rpcReply(msg.id, { error: errors[0] ?? { code: -32603, message: 'no server answered' } }, r.sid)
  const merged = list ? mergeLists(msg.method, results) : msg.method === 'server/discover' ? mergeDiscover(results, r.fed.version) : commonFields(results)
  return rpcReply(msg.id, { result: merged }, r.sid)
}

/**
 * The federated session in use is every server's session in use: the others are touched too (beside
 * the call, not before it), so that one the agent has not called lately does not expire under a live
 * federated session. An open GET stream holds them all already. A touch that fails is no failure of the call.
 */
async function keepAlive(r: Request, but: string): Promise<void> {
  const others = Object.entries(r.use?.session.members ?? {}).filter(([server]) => server !== but)
  await Promise.all(others.map(([server, sid]) => r.mcp.sessions.use(sid, r.agent, server, 'call').then((u) => u?.release(), () => undefined)))
}

function rpcReply(id: JsonValue, member: { result: JsonValue } | { error: JsonValue }, sid: string | undefined): Reply {
  const body = JSON.stringify({ jsonrpc: '2.0', id, ...member })
  return { status: 200, headers: { 'content-type': 'application/json', ...(sid === undefined ? {} : { 'mcp-session-id': sid }) }, body }
}

/**
 * initialize: every server initializes a session of its own (through its own pipeline, bound to
 * this agent there); the federated session holds their ids, under an id of the gate's own. A server
 * that does not answer is left out of the session. Refused when none answers.
 */
async function initialize(r: Request, msg: Extract<RpcMessage, { kind: 'request' }>, value: JsonObject): Promise<Reply> {
  const members: Record<string, string> = {}
  const results: ServerResult[] = []
  let failure: Reply | undefined
  await Promise.all(r.fed.servers.map(async (server) => {
    const reply = await sendToMember(r.ex, r.deps, r.mcp, { server, value })
    const memberSid = reply.headers['mcp-session-id']
    const answer = reply.status === 200 ? await answerIn(reply, msg.id) : undefined
    const result = answer?.['result']
    if (memberSid === undefined || typeof result !== 'object' || result === null || Array.isArray(result)) {
      if (failure === undefined) failure = reply
      else drain(reply)
      return
    }
    members[server] = memberSid
    results.push({ server, result })
  }))
  if (results.length === 0) return failure ?? rpcReply(msg.id, { error: { code: -32603, message: 'no server answered' } }, undefined)
  results.sort((a, b) => r.fed.servers.indexOf(a.server) - r.fed.servers.indexOf(b.server))
  const asked = typeof msg.params?.['protocolVersion'] === 'string' ? msg.params['protocolVersion'] : ''
  const merged = mergeInitialize(results, asked, r.fed.version)
  const sid = randomUUID()
  await r.mcp.sessions.open(sid, { agent: r.agent, server: FEDERATED, revision: String(merged['protocolVersion']), members })
  return rpcReply(msg.id, { result: merged }, sid)
}

/** DELETE: every server's session ends, then the federated one. */
async function end(r: Request): Promise<Reply> {
  await Promise.all(membersOf(r).map(async ([server, sid]) => (sid === undefined ? undefined : drain(await sendToMember(r.ex, r.deps, r.mcp, { server, sid })))))
  if (r.sid !== undefined) await r.mcp.sessions.delete(r.sid)
  return { status: 200, headers: {}, body: null }
}
