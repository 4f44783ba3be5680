import type { McpServerConfig } from '../../config/index.js';
import type { GateDeps, UpstreamRuntime } from '../deps.js';
import type { Exchange, Reply } from '../http/exchange.js';
import type { McpSessions } from './sessions.js';
/** One MCP server as the gate serves it. */
export interface McpRuntime {
    config: McpServerConfig;
    upstream: UpstreamRuntime;
    allowedHosts: readonly string[] | undefined;
}
export interface McpDeps {
    servers: ReadonlyMap<string, McpRuntime>;
    sessions: McpSessions;
}
export declare function handleMcp(ex: Exchange, deps: GateDeps, mcp: McpDeps): Promise<Reply>;
