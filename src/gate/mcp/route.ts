/** @module gate/mcp/route: the MCP transport: POST, GET and DELETE on /mcp/{server} through the call core. */
import { Buffer } from 'node:buffer'
import { Readable } from 'node:stream'
import { canonicalBytes, sha256 } from '../../canonical/index.js'
import type { McpServerConfig } from '../../config/index.js'
import { VerbatimError } from '../../errors/index.js'
import { checkContentHeaders } from '../../intake/index.js'
import { methodMatches, policyName, readRpcMessage, subjectOf, transportSubject } from '../../mcp/index.js'
import type { McpSubject, RpcMessage } from '../../mcp/index.js'
import { evaluate, publicReason } from '../../policy/index.js'
import { approve, deliverStream, finishCall, refuse, startCall } from '../call/index.js'
import type { Call } from '../call/index.js'
import type { GateDeps, UpstreamRuntime } from '../deps.js'
import type { StreamedResponse } from '../forward.js'
import type { Exchange, Reply } from '../http/exchange.js'
import { problemReply } from '../http/problem.js'
import { readCallBody } from '../tool-call.js'
import { checkAccept, checkOriginAndHost, checkRoutingHeaders, revisionToForward } from './admit.js'
import { denialResponse } from './deny.js'
import { discard, relayMcp } from './relay.js'
import { decisionRecordFields } from '../../audit/index.js'
import { validTraceparent } from '../../observe/index.js'
import { chosenRevision, expectAnswer, ledgerOf, listFilter, openSession } from './answers.js'
import type { McpSessionStore, SessionUse } from './sessions.js'
import { withholder } from './withhold.js'

/** One MCP server as the gate serves it. */
export interface McpRuntime {
  config: McpServerConfig
  upstream: UpstreamRuntime
  allowedHosts: readonly string[] | undefined
}

export interface McpDeps {
  servers: ReadonlyMap<string, McpRuntime>
  sessions: McpSessionStore
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

  // Given back if the call goes no further than the gate: the session's use, the request on its ledger.
  const undo: Array<() => unknown> = []
  let cut: (() => void) | undefined
  const sid = ex.header('mcp-session-id')
  let use: SessionUse | undefined
  let rpc: RpcMessage | undefined
  let res: StreamedResponse
  try {
    if (sid !== undefined) {
      // A GET stream ends itself if its session is dropped meanwhile (evicted by its own agent, deleted).
      use = await mcp.sessions.use(sid, agent, name, method === 'GET' ? 'stream' : 'call', () => cut?.())
      if (use === undefined) throw new VerbatimError('ERR_MCP_SESSION', 'unknown session for this agent and server; initialize a new one')
      undo.push(use.release)
      t.session = sid
    }

    let subject: McpSubject
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
    const revision = revisionToForward(rpc, ex.header('mcp-protocol-version'), use?.session)
    if (revision !== undefined) t.revision = revision
    const tool = policyName(name, subject)
    t.tool = tool
    t.rpcMethod = subject.method
    if (rpc !== undefined) {
      const forget = await expectAnswer(mcp.sessions, sid, rpc)
      if (forget !== undefined) undo.push(forget)
    }
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
    // A new session needs room before the server is asked for one (never at another agent's expense).
    if (rpc?.kind === 'request' && rpc.method === 'initialize') await mcp.sessions.admit(agent)

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
    res = await deliverStream(deps, call, approval, passed)
  } catch (err) {
    for (const f of undo.reverse()) await f()
    throw err
  }
  if (sid !== undefined && (res.status === 404 || (method === 'DELETE' && res.status < 300))) await mcp.sessions.delete(sid)
  return answer(deps, mcp, call, { res, rpc, agent, server, name, sid, use, cut: (f) => (cut = f) })
}

interface Answering {
  res: StreamedResponse
  rpc: RpcMessage | undefined
  agent: string
  server: McpRuntime
  name: string
  sid: string | undefined
  use: SessionUse | undefined
  cut: (f: () => void) => void
}

/** The server's answer, through the inspector: an initialize's session bound first, then every message checked as it is relayed. */
async function answer(deps: GateDeps, mcp: McpDeps, call: Call, a: Answering): Promise<Reply> {
  const withhold = withholder(deps, call)
  const init = a.rpc?.kind === 'request' && a.rpc.method === 'initialize' ? a.rpc : undefined
  let opened: string | undefined
  if (init !== undefined) {
    const asked = init.params?.['protocolVersion']
    const o = await openSession(mcp.sessions, a.res, { id: init.id, agent: a.agent, server: a.name, revision: String(asked), callDecisionId: call.decisionId }, withhold)
    if (o.refusal !== undefined) {
      a.use?.release()
      return o.refusal
    }
    opened = o.opened
  }
  const session = opened ?? a.sid
  const reply = await relayMcp(a.res, call.decisionId, {
    ledger: ledgerOf(mcp.sessions, a.sid, a.rpc),
    filter: listFilter(deps.policy, a.agent, a.name),
    ...(a.rpc?.kind === 'request' ? { own: a.rpc.id } : {}),
    ...(session === undefined ? {} : { session }),
    ...(init === undefined ? {} : {
      initialized: async (response, isError) => {
        const chosen = isError ? undefined : chosenRevision(response)
        if (opened !== undefined && typeof chosen === 'string') await mcp.sessions.revise(opened, chosen)
        // An initialize that failed, or chose a revision the gate does not speak, opens nothing.
        else if (opened !== undefined) await mcp.sessions.delete(opened)
        return typeof chosen === 'string' ? undefined : chosen
      },
    }),
    withhold,
    done: (answered) => {
      a.use?.release()
      if (init !== undefined && !answered && opened !== undefined) void mcp.sessions.delete(opened)
    },
    maxBytes: a.server.upstream.config.maxResponseBytes,
    canonical: deps.canonical,
  })
  // Cutting the server's stream cuts the agent's (the relay's pipeline carries the close through).
  if (reply.body instanceof Readable) a.cut(() => discard(a.res.body))
  return reply
}
