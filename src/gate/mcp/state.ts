/** @module gate/mcp/state: where a gate keeps its MCP state, as mcp.sessions.store says: its own memory, or a Redis every gate shares. */
import type { Config } from '../../config/index.js'
import { createLiveStreams } from '../../http/index.js'
import type { LiveStreams } from '../../http/index.js'
import { createListenStreams } from './listens.js'
import type { ListenStreams } from './listens.js'
import { sharedRedis } from './redis.js'
import { createMcpSessionStore } from './sessions.js'
import type { McpSessionStore } from './sessions.js'
import { createRedisSessionStore } from './sessions-redis.js'
import { createRedisToolHeaderStore, createToolHeaderStore } from './tool-headers.js'
import type { ToolHeaderStore } from './tool-headers.js'

export interface McpState {
  sessions: McpSessionStore
  toolHeaders: ToolHeaderStore
  listens: ListenStreams
  streams: LiveStreams
  /** Stops the background work and closes the shared store's connection. */
  close(): Promise<void>
}

/**
 * What must be one for every gate process and replica serving the same agents is kept where they
 * all see it: the sessions and their outstanding requests (an answer may come back on a stream
 * another gate relays), and the tools' mirrored headers (a stateless call may reach any gate).
 * What guards this process's own sockets stays here: its listen streams per agent and its live
 * streams (docs/mcp.md, Sessions across gates).
 */
export function createMcpState(config: Pick<Config, 'mcp'>, log: (line: string) => void): McpState {
  const s = config.mcp.sessions
  const limits = { max: s.max, maxPerAgent: s.maxPerAgent, idleMs: s.idleSeconds * 1000 }
  const local = { listens: createListenStreams(s.maxPerAgent), streams: createLiveStreams() }
  if (s.store === 'memory') return { ...local, sessions: createMcpSessionStore(limits), toolHeaders: createToolHeaderStore(), close: async () => undefined }
  const redis = sharedRedis({ url: s.store.redis, timeoutMs: s.store.timeoutMs, log })
  const sessions = createRedisSessionStore({ ...limits, redis, prefix: s.store.prefix })
  return {
    ...local,
    sessions,
    toolHeaders: createRedisToolHeaderStore(redis, s.store.prefix),
    async close() {
      sessions.close()
      await redis.close()
    },
  }
}
