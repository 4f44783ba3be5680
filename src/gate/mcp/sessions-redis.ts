/** @module gate/mcp/sessions-redis: the MCP session table in a Redis shared by every gate process and replica (the edge). */
import { randomBytes } from 'node:crypto'
import { VerbatimError, retryAfterSeconds } from '../../errors/index.js'
import { idKey } from '../../mcp/index.js'
import { ADMIT, COUNT, DELETE, EXPECT, OPEN, RELEASE, RENEW, REVISE, TAKE, USE } from './sessions-lua.js'
import type { SharedRedis } from './redis.js'
import type { McpSession, McpSessionLimits, McpSessionStore, SessionUse } from './sessions.js'

export interface RedisSessionOptions extends McpSessionLimits {
  redis: SharedRedis
  /** Key prefix (default `verbatim:mcp:`). */
  prefix?: string
  /** How long a use (a call in flight, a stream open) holds its session without being renewed (default 15 s). */
  leaseMs?: number
  /** How often this process renews its uses, and learns which of its streams' sessions were ended elsewhere (default leaseMs / 3). */
  renewMs?: number
}

/** A session's fields beyond agent, server and revision, as the hash's `x` field holds them ('' when none). */
function restOf(s: McpSession): string {
  const rest = { ...(s.members === undefined ? {} : { members: s.members }), ...(s.urlElicitation === true ? { urlElicitation: true } : {}) }
  return Object.keys(rest).length === 0 ? '' : JSON.stringify(rest)
}

/** What this process holds in a session: its uses' lease fields, and the streams to cut when the session ends. */
interface Held {
  leases: Set<string>
  streams: Map<string, () => void>
}

/**
 * The table of `createMcpSessionStore`, kept in Redis by the scripts of sessions-lua.ts: every
 * gate sees every session, so an agent's calls may reach any worker or replica, and a restarted
 * gate finds its agents' sessions where they were. Each use is a lease this process renews while
 * it lasts; a session ended elsewhere (evicted, deleted) has its streams here cut at the next
 * renewal, and at once when this process ended it. Every failure of the store refuses the request
 * (ERR_MCP_SESSION_STORE, 503): nothing is opened, used or matched without it.
 */
export function createRedisSessionStore(o: RedisSessionOptions): McpSessionStore & { close(): void } {
  const prefix = o.prefix ?? 'verbatim:mcp:'
  const leaseMs = o.leaseMs ?? 15_000
  const renewMs = o.renewMs ?? Math.floor(leaseMs / 3)
  const random = o.random ?? Math.random
  const maxPending = o.maxPending ?? 256
  // The keys outlive the idle time and any lease: they are only the store's garbage collection.
  const gcMs = o.idleMs + 2 * leaseMs + 60_000
  const held = new Map<string, Held>()
  const run = (script: string, args: readonly (string | number)[]): Promise<unknown> =>
    o.redis.run(script, [prefix, o.now === undefined ? '' : o.now(), o.idleMs, gcMs, ...args])

  /** Sessions the store removed: the streams this process holds in them end now. */
  const ended = (ids: readonly unknown[]): void => {
    for (const id of ids) {
      const h = typeof id === 'string' ? held.get(id) : undefined
      if (h === undefined) continue
      held.delete(id as string)
      for (const cut of h.streams.values()) cut()
    }
  }
  const room = (reply: unknown[], agent: string): void => {
    const [status, oldest, now] = reply as [string, number, number]
    ended(reply.slice(3))
    if (status === 'quota') {
      throw new VerbatimError('ERR_MCP_SESSION_QUOTA', `agent ${agent} holds ${o.maxPerAgent} MCP sessions, all with calls in flight; end one (DELETE) or retry`, { detail: { retryAfter: Number(retryAfterSeconds(random)) } })
    }
    if (status === 'full') {
      const wait = oldest < 0 ? 60 : Math.ceil((oldest + o.idleMs - now) / 1000)
      throw new VerbatimError('ERR_MCP_SESSIONS_FULL', `the gate holds ${o.max} MCP sessions; none is this agent's to end`, { detail: { retryAfter: Math.min(60, Math.max(1, wait)) + Math.floor(random() * 5) } })
    }
  }
  const renew = async (): Promise<void> => {
    const pairs = [...held].flatMap(([id, h]) => [...h.leases].flatMap((l) => [id, l]))
    if (pairs.length === 0) return
    ended((await run(RENEW, [leaseMs, ...pairs])) as unknown[])
  }
  const timer = setInterval(() => void renew().catch(() => undefined), renewMs)
  timer.unref()

  return {
    async admit(agent) {
      room((await run(ADMIT, [agent, o.maxPerAgent, o.max])) as unknown[], agent)
    },
    async open(id, s) {
      const reply = (await run(OPEN, [s.agent, o.maxPerAgent, o.max, id, s.server, s.revision, restOf(s)])) as unknown[]
      room(reply, s.agent)
      return reply[0] === 'opened' ? 'opened' : 'taken'
    },
    async use(id, agent, server, how, onEvict) {
      const lease = `${how === 'call' ? 'c' : 's'}:${randomBytes(9).toString('base64url')}`
      const reply = (await run(USE, [id, agent, server, lease, leaseMs])) as unknown[]
      ended(reply.slice(2))
      const [revision, rest] = reply as [unknown, string]
      if (typeof revision !== 'string') return undefined
      const h = held.get(id) ?? { leases: new Set(), streams: new Map() }
      held.set(id, h)
      h.leases.add(lease)
      if (how === 'stream') h.streams.set(lease, onEvict ?? (() => undefined))
      let released = false
      const use: SessionUse = {
        session: { agent, server, revision, ...(rest === '' ? {} : (JSON.parse(rest) as Pick<McpSession, 'members' | 'urlElicitation'>)) },
        release() {
          if (released) return
          released = true
          h.leases.delete(lease)
          h.streams.delete(lease)
          if (h.leases.size === 0 && held.get(id) === h) held.delete(id)
          // A release the store cannot take lapses with its lease.
          void run(RELEASE, [id, lease]).catch(() => undefined)
        },
      }
      return use
    },
    async revise(id, revision) {
      await run(REVISE, [id, revision])
    },
    async delete(id) {
      ended((await run(DELETE, [id])) as unknown[])
    },
    async expect(id, rpcId, method) {
      return (await run(EXPECT, [id, idKey(rpcId), method, maxPending])) === 1
    },
    async take(id, rpcId) {
      const method = await run(TAKE, [id, idKey(rpcId)])
      return typeof method === 'string' ? method : undefined
    },
    async count() {
      return Number(await run(COUNT, []))
    },
    close() {
      clearInterval(timer)
    },
  }
}
