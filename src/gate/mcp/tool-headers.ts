/**
 * @module gate/mcp/tool-headers: which arguments each tool of a server mirrors into Mcp-Param-* headers, learned from
 * the tools/list answers the gate relays (MCP 2026-07-28 streamable-http, Custom Headers from Tool Parameters).
 */
import type { JsonValue } from '../../canonical/index.js'
import { paramHeadersOf } from '../../mcp/index.js'
import type { MirroredArgument, ToolParamHeaders } from '../../mcp/index.js'
import type { SharedRedis } from './redis.js'

/**
 * The x-mcp-header annotations of the tools a server listed, behind an interface a shared store
 * can implement (every method may wait). The server's own listing is the authority: the server is
 * what reads the headers. A tool not (yet) listed through this gate is unknown, and a call that
 * mirrors headers for it is refused until the client lists the tools again (the revision's own
 * recovery from HeaderMismatch).
 */
export interface ToolHeaderStore {
  /** Records the tools of one tools/list answer (every entry, before the agent's list is filtered). */
  learn(server: string, tools: readonly JsonValue[]): Promise<void>
  /** The tool's mirrored arguments, or undefined when no listing of it has reached the gate. */
  get(server: string, tool: string): Promise<ToolParamHeaders | undefined>
}

/** The in-memory store of one gate process: per server, the most recently listed `maxPerServer` tools. */
export function createToolHeaderStore(maxPerServer = 4096): ToolHeaderStore {
  const servers = new Map<string, Map<string, ToolParamHeaders>>()
  return {
    async learn(server, tools) {
      const known = servers.get(server) ?? new Map<string, ToolParamHeaders>()
      servers.set(server, known)
      for (const t of tools) {
        if (typeof t !== 'object' || t === null || Array.isArray(t) || typeof t['name'] !== 'string') continue
        // Least recently listed first: a listing moves its tools to the end.
        known.delete(t['name'])
        known.set(t['name'], paramHeadersOf(t['inputSchema']))
        if (known.size > maxPerServer) known.delete(known.keys().next().value as string)
      }
    },
    async get(server, tool) {
      return servers.get(server)?.get(tool)
    },
  }
}

/** learn: ARGV[1] the server's keys' prefix, [2] most tools kept, then tool and annotations pairs; the most recently listed are kept. */
const LEARN = `
local H, Z = ARGV[1] .. 'h', ARGV[1] .. 'z'
for i = 3, #ARGV, 2 do
  redis.call('HSET', H, ARGV[i], ARGV[i + 1])
  redis.call('ZADD', Z, redis.call('HINCRBY', ARGV[1] .. 'n', 'seq', 1), ARGV[i])
end
local over = redis.call('ZCARD', Z) - tonumber(ARGV[2])
if over > 0 then
  for _, name in ipairs(redis.call('ZRANGE', Z, 0, over - 1)) do redis.call('HDEL', H, name) end
  redis.call('ZREMRANGEBYRANK', Z, 0, over - 1)
end
return 1`
const GET = `return redis.call('HGET', ARGV[1] .. 'h', ARGV[2])`

/** A tool's annotations as the shared store keeps them: JSON, the map as its entries. */
function serialize(h: ToolParamHeaders): string {
  return JSON.stringify(h.ok ? { ok: true, byHeader: [...h.byHeader] } : h)
}
function deserialize(text: string): ToolParamHeaders {
  const v = JSON.parse(text) as { ok: true; byHeader: Array<[string, MirroredArgument]> } | { ok: false; reason: string }
  return v.ok ? { ok: true, byHeader: new Map(v.byHeader) } : v
}

/**
 * The store of every gate process and replica, in the Redis of the session store: a listing relayed
 * by one gate lets a stateless tools/call through another (the revision's requests may reach any
 * replica). A failure of the store refuses the call (ERR_MCP_SESSION_STORE), as a session's would.
 */
export function createRedisToolHeaderStore(redis: SharedRedis, prefix: string, maxPerServer = 4096): ToolHeaderStore {
  const key = (server: string): string => `${prefix}t:${server}:`
  return {
    async learn(server, tools) {
      const pairs: string[] = []
      for (const t of tools) {
        if (typeof t !== 'object' || t === null || Array.isArray(t) || typeof t['name'] !== 'string') continue
        pairs.push(t['name'], serialize(paramHeadersOf(t['inputSchema'])))
      }
      if (pairs.length > 0) await redis.run(LEARN, [key(server), maxPerServer, ...pairs])
    },
    async get(server, tool) {
      const text = await redis.run(GET, [key(server), tool])
      return typeof text === 'string' ? deserialize(text) : undefined
    },
  }
}
