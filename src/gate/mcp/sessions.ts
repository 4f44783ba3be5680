/** @module gate/mcp/sessions: which agent opened which MCP session, its revision, and the requests it awaits answers to. */
import { VerbatimError, retryAfterSeconds } from '../../errors/index.js'
import { idKey } from '../../mcp/index.js'
import type { RpcId } from '../../mcp/index.js'

export interface McpSession {
  agent: string
  server: string
  /** The revision the server chose in its InitializeResult (the one asked for until it answers). */
  revision: string
  /** The client declared URL-mode elicitation in its initialize (capabilities.elicitation.url, 2025-11-25): it can send its user to a page. */
  urlElicitation?: boolean
}

/** One use of a session (a call in flight, a stream open), until it is released. */
export interface SessionUse {
  session: McpSession
  release(): void
}

/**
 * The session table, behind an interface a shared store can implement (every method may wait):
 * this in-memory one for one process, createRedisSessionStore for many (sessions-redis.ts).
 * A session is busy while a call is in flight in it; it is idle otherwise, and it expires when it
 * has been idle, with no stream open either, for the idle time.
 */
export interface McpSessionStore {
  /** Makes room for a new session of `agent` before its initialize is forwarded (see `open`). */
  admit(agent: string): Promise<void>
  /**
   * Binds a session id the server handed out to the agent that initialized it. `taken`: the id is
   * in the table already, whoever holds it, and stays as it is. Room is made as `admit` makes it:
   * expired sessions go, then the agent's own least recently used session that is not busy when
   * the agent is at its cap or the table is full; never another agent's. Throws
   * ERR_MCP_SESSION_QUOTA (the agent's sessions are all busy) or ERR_MCP_SESSIONS_FULL.
   */
  open(id: string, s: McpSession): Promise<'opened' | 'taken'>
  /** The session, if it is this agent's on this server and has not expired; in use until released. `onEvict` runs if it is dropped meanwhile (a stream ends itself). */
  use(id: string, agent: string, server: string, how: 'call' | 'stream', onEvict?: () => void): Promise<SessionUse | undefined>
  /** Records the revision the server chose. */
  revise(id: string, revision: string): Promise<void>
  delete(id: string): Promise<void>
  /** Records a request the agent sent in the session; false when a request with that id is outstanding already. */
  expect(id: string, rpcId: RpcId, method: string): Promise<boolean>
  /** Takes the outstanding request an answer's id names exactly: its method, or undefined. */
  take(id: string, rpcId: RpcId): Promise<string | undefined>
  /** Sessions in the table (expired ones included until they are swept). */
  count(): Promise<number>
  /** Stops what the store runs in the background (a shared store's lease renewals). */
  close?(): void
}

export interface McpSessionLimits {
  /** Sessions in the table at once, all agents together. */
  max: number
  /** Sessions one agent may hold at once. */
  maxPerAgent: number
  /** A session idle (no call in flight, no stream open) this long expires. */
  idleMs: number
  /** Outstanding requests remembered per session; past it the oldest is forgotten (its answer will be withheld). */
  maxPending?: number
  /** Milliseconds since the epoch (injected in tests). */
  now?: () => number
  random?: () => number
}

interface Entry {
  id: string
  s: McpSession
  calls: number
  streams: Set<() => void>
  last: number
  pending: Map<string, string>
}

/** The in-memory table of one gate process. */
export function createMcpSessionStore(limits: McpSessionLimits): McpSessionStore {
  const now = limits.now ?? Date.now
  const random = limits.random ?? Math.random
  const maxPending = limits.maxPending ?? 256
  // Both in least-recently-used order: a use moves an entry to the end.
  const all = new Map<string, Entry>()
  const byAgent = new Map<string, Map<string, Entry>>()
  const idle = (e: Entry): boolean => e.calls === 0 && e.streams.size === 0
  const expired = (e: Entry, t: number): boolean => idle(e) && t - e.last >= limits.idleMs

  const touch = (e: Entry, t: number): void => {
    e.last = t
    all.delete(e.id)
    all.set(e.id, e)
    const mine = byAgent.get(e.s.agent)
    mine?.delete(e.id)
    mine?.set(e.id, e)
  }
  const remove = (e: Entry): void => {
    if (all.get(e.id) !== e) return
    all.delete(e.id)
    const mine = byAgent.get(e.s.agent)
    mine?.delete(e.id)
    if (mine?.size === 0) byAgent.delete(e.s.agent)
    for (const end of [...e.streams]) end()
    e.streams.clear()
  }
  // Oldest first; a busy entry is passed over, and the first idle one that has not expired ends the sweep (all later ones are newer).
  const sweep = (t: number): void => {
    for (const e of all.values()) {
      if (!idle(e)) continue
      if (!expired(e, t)) return
      remove(e)
    }
  }
  const evictOwn = (agent: string): boolean => {
    for (const e of byAgent.get(agent)?.values() ?? []) {
      if (e.calls === 0) {
        remove(e)
        return true
      }
    }
    return false
  }
  // When a session next frees up by itself: the oldest idle one expiring (bounded, with jitter: DESIGN invariant 7).
  const retryAfter = (t: number): number => {
    const first = [...all.values()].find(idle)
    const wait = first === undefined ? 60 : Math.ceil((first.last + limits.idleMs - t) / 1000)
    return Math.min(60, Math.max(1, wait)) + Math.floor(random() * 5)
  }
  const room = (agent: string, t: number): void => {
    sweep(t)
    while ((byAgent.get(agent)?.size ?? 0) >= limits.maxPerAgent) {
      if (!evictOwn(agent)) {
        throw new VerbatimError('ERR_MCP_SESSION_QUOTA', `agent ${agent} holds ${limits.maxPerAgent} MCP sessions, all with calls in flight; end one (DELETE) or retry`, { detail: { retryAfter: Number(retryAfterSeconds(random)) } })
      }
    }
    while (all.size >= limits.max) {
      if (!evictOwn(agent)) throw new VerbatimError('ERR_MCP_SESSIONS_FULL', `the gate holds ${limits.max} MCP sessions; none is this agent's to end`, { detail: { retryAfter: retryAfter(t) } })
    }
  }
  const live = (id: string, t: number): Entry | undefined => {
    const e = all.get(id)
    if (e === undefined || !expired(e, t)) return e
    remove(e)
    return undefined
  }

  return {
    admit: async (agent) => room(agent, now()),
    async open(id, s) {
      const t = now()
      if (live(id, t) !== undefined) return 'taken'
      room(s.agent, t)
      const e: Entry = { id, s: { ...s }, calls: 0, streams: new Set(), last: t, pending: new Map() }
      all.set(id, e)
      const mine = byAgent.get(s.agent) ?? new Map<string, Entry>()
      mine.set(id, e)
      byAgent.set(s.agent, mine)
      return 'opened'
    },
    async use(id, agent, server, how, onEvict) {
      const t = now()
      const e = live(id, t)
      if (e === undefined || e.s.agent !== agent || e.s.server !== server) return undefined
      touch(e, t)
      const end = onEvict ?? ((): void => undefined)
      if (how === 'call') e.calls++
      else e.streams.add(end)
      let released = false
      return {
        session: e.s,
        release() {
          if (released) return
          released = true
          if (how === 'call') e.calls--
          else e.streams.delete(end)
          if (all.get(id) === e) touch(e, now())
        },
      }
    },
    async revise(id, revision) {
      const e = all.get(id)
      if (e !== undefined) e.s.revision = revision
    },
    async delete(id) {
      const e = all.get(id)
      if (e !== undefined) remove(e)
    },
    async expect(id, rpcId, method) {
      const e = all.get(id)
      if (e === undefined) return true
      const key = idKey(rpcId)
      if (e.pending.has(key)) return false
      e.pending.set(key, method)
      if (e.pending.size > maxPending) e.pending.delete(e.pending.keys().next().value as string)
      return true
    },
    async take(id, rpcId) {
      const e = all.get(id)
      const key = idKey(rpcId)
      const method = e?.pending.get(key)
      if (method !== undefined) e?.pending.delete(key)
      return method
    },
    count: async () => all.size,
  }
}
