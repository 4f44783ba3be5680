/**
 * @module gate/mcp/federate-member: one server's part of a request to the federated endpoint: the
 * request as that server reads it, sent through /mcp/{server}'s own pipeline (read, decide, bind,
 * forward, inspect the answer), and its answer as the agent sees it.
 */
import { Readable } from 'node:stream'
import { canonicalBytes } from '../../canonical/index.js'
import type { JsonValue } from '../../canonical/index.js'
import { encodeHeaderValue, parseEventBlock, sseRewriter, toAgent } from '../../mcp/index.js'
import type { RpcId } from '../../mcp/index.js'
import type { Federation, GateDeps, McpDeps } from '../deps.js'
import type { Exchange, Reply } from '../http/exchange.js'
import { handleMcp } from './route.js'
import type { Era } from './revision.js'
import type { SessionUse } from './sessions.js'

/** The server a federated session is bound to in the session table (no server's name: names start with [a-z0-9]). */
export const FEDERATED = '*'

/** One request to the federated endpoint, as far as it was admitted. */
export interface FederatedRequest {
  ex: Exchange
  deps: GateDeps
  mcp: McpDeps
  fed: Federation
  agent: string
  era: Era
  /** The federated session's use while the request lasts (a session revision). */
  use: SessionUse | undefined
  sid: string | undefined
}

/** Ends a reply nobody will read (a notification's 202, a DELETE's answer). */
export function drain(reply: Reply): void {
  if (reply.body instanceof Readable) reply.body.resume()
}

/** What one server is sent: the body as it reads it (canonical), its own session, the name it knows. */
export interface MemberRequest {
  server: string
  /** The message as the server reads it; none for GET and DELETE. */
  value?: JsonValue
  /** The server's own session id (a session revision), else none. */
  sid?: string
  /** The server's own name for what Mcp-Name named, when the agent sent Mcp-Name. */
  name?: string
  /** The agent's federated session, recorded with the call. */
  federated?: string
}

/**
 * The agent's exchange as `/mcp/{server}` would have received it: the same method and headers (its
 * token, Origin, Host, Accept, revision, Mcp-Method, Mcp-Param-*), but the server's session, the
 * server's own name in Mcp-Name, and the rewritten body, which the server's pipeline reads and
 * decides as any other (DESIGN invariant 1: what is decided is what is forwarded).
 */
export function memberExchange(ex: Exchange, m: MemberRequest): Exchange {
  const body = m.value === undefined ? undefined : canonicalBytes(new TextEncoder().encode(JSON.stringify(m.value))).bytes
  const override: Record<string, string | undefined> = {
    'mcp-session-id': m.sid,
    'last-event-id': undefined,
    ...(m.name !== undefined && ex.header('mcp-name') !== undefined ? { 'mcp-name': encodeHeaderValue(m.name) } : {}),
    ...(body === undefined ? {} : { 'content-length': String(body.byteLength), 'transfer-encoding': undefined, 'content-encoding': undefined }),
  }
  const header = (n: string): string | undefined => (Object.hasOwn(override, n) ? override[n] : ex.header(n))
  const names = new Set([...(ex.headerNames?.() ?? []).map((n) => n.toLowerCase()), ...Object.keys(override)])
  return {
    method: ex.method,
    target: `/mcp/${m.server}`,
    header,
    headerNames: () => [...names].filter((n) => header(n) !== undefined),
    ...(body === undefined ? {} : { webBody: () => new ReadableStream<Uint8Array>({ start: (c) => { c.enqueue(body); c.close() } }) }),
  }
}

/** Sends one server its part, through its own pipeline; resolves with its reply, untouched. */
export function sendToMember(ex: Exchange, deps: GateDeps, mcp: McpDeps, m: MemberRequest): Promise<Reply> {
  return handleMcp(memberExchange(ex, m), deps, mcp, m.federated === undefined ? {} : { federated: m.federated })
}

const text = (b: Uint8Array | string): string => (typeof b === 'string' ? b : new TextDecoder().decode(b))

/**
 * A server's reply as the agent sees it on the federated endpoint: every message it carries named
 * for the agent (toAgent), the federated session's id in place of the server's, and no event ids
 * (a stream of the federated endpoint is not resumed: the agent could not say which server's).
 */
export function agentReply(server: string, reply: Reply, sid: string | undefined): Reply {
  const headers: Record<string, string> = { ...reply.headers }
  delete headers['mcp-session-id']
  if (sid !== undefined && reply.status < 300) headers['mcp-session-id'] = sid
  const type = (headers['content-type'] ?? '').split(';')[0]?.trim()
  const b = reply.body
  if (b === null || reply.status >= 300) return { ...reply, headers }
  if (b instanceof Readable) {
    if (type !== 'text/event-stream') return { ...reply, headers }
    const out = agentEvents(server)
    b.on('error', () => out.destroy())
    out.on('close', () => b.destroy())
    return { ...reply, headers, body: b.pipe(out) }
  }
  if (type !== 'application/json') return { ...reply, headers }
  const body = JSON.stringify(toAgent(server, JSON.parse(text(b)) as JsonValue))
  return { ...reply, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, body }
}

/** A server's event stream as the agent sees it: each message named for the agent (toAgent), no event ids. */
export function agentEvents(server: string): ReturnType<typeof sseRewriter> {
  return sseRewriter((ev) => JSON.stringify(toAgent(server, JSON.parse(ev.data) as JsonValue)), { dropIds: true })
}

/** The answer to `id` a reply carries (JSON, or an event of its stream), read to its end; undefined when none came. */
export async function answerIn(reply: Reply, id: RpcId): Promise<{ [k: string]: JsonValue } | undefined> {
  const b = reply.body
  if (b === null) return undefined
  let messages: string[]
  if (b instanceof Readable) {
    let all = ''
    for await (const c of b as AsyncIterable<Buffer | string>) all += typeof c === 'string' ? c : c.toString('utf8')
    messages = all.split(/\r?\n\r?\n/).map((blk) => parseEventBlock(blk).data).filter((d) => d !== '')
  } else {
    messages = [text(b)]
  }
  for (const m of messages) {
    const v = JSON.parse(m) as JsonValue
    if (typeof v === 'object' && v !== null && !Array.isArray(v) && v['id'] === id && !Object.hasOwn(v, 'method')) return v
  }
  return undefined
}
