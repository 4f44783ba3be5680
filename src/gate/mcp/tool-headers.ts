/**
 * @module gate/mcp/tool-headers: which arguments each tool of a server mirrors into Mcp-Param-* headers, learned from
 * the tools/list answers the gate relays (MCP 2026-07-28 streamable-http, Custom Headers from Tool Parameters).
 */
import type { JsonValue } from '../../canonical/index.js'
import { paramHeadersOf } from '../../mcp/index.js'
import type { ToolParamHeaders } from '../../mcp/index.js'

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
