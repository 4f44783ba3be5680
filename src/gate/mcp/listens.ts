/** @module gate/mcp/listens: the subscriptions/listen streams each agent holds open (MCP 2026-07-28), bounded as its sessions are. */
import { VerbatimError, retryAfterSeconds } from '../../errors/index.js'

/**
 * A listen stream may stay open for hours and holds no concurrency slot, as a session's GET stream
 * does; an agent holds at most as many as it may hold sessions (mcp.sessions.maxPerAgent), so that
 * no agent can take the gate's connections from the others.
 */
export interface ListenStreams {
  /** Counts a new stream of `agent`, or throws ERR_MCP_SESSION_QUOTA at its cap. Returns its release (idempotent). */
  open(agent: string): () => void
  held(agent: string): number
}

export function createListenStreams(maxPerAgent: number, random: () => number = Math.random): ListenStreams {
  const open = new Map<string, number>()
  return {
    open(agent) {
      const n = open.get(agent) ?? 0
      if (n >= maxPerAgent) {
        throw new VerbatimError('ERR_MCP_SESSION_QUOTA', `agent ${agent} holds ${n} subscriptions/listen streams (mcp.sessions.maxPerAgent); close one or retry`, { detail: { retryAfter: Number(retryAfterSeconds(random)) } })
      }
      open.set(agent, n + 1)
      let released = false
      return () => {
        if (released) return
        released = true
        const left = (open.get(agent) ?? 1) - 1
        if (left === 0) open.delete(agent)
        else open.set(agent, left)
      }
    },
    held: (agent) => open.get(agent) ?? 0,
  }
}
