import type { IncomingMessage, ServerResponse } from 'node:http';
import type { VerifiedBinding } from './types.js';
export interface McpStdioExecutorConfig {
    /** argv of the MCP server, e.g. [npx, -y, @modelcontextprotocol/server-filesystem, /srv/data]. */
    command: string[];
    cwd?: string | undefined;
    /** Most sessions (children) at once; a new initialize beyond it is refused (503). */
    maxSessions: number;
}
/**
 * Bridges each MCP session to its own child process on stdio. The SDK's Streamable HTTP server
 * transport speaks HTTP (sessions, event streams) and gets the message the guard verified, never
 * the raw body (the guard's strict parse is the only one); the child gets the same message on stdin.
 * A child's request or notification is sent on the stream of the client request it is most likely
 * about (the newest one in flight), else on the session's GET stream: a stdio server says nothing
 * about which request a progress update or a sampling request belongs to.
 */
export declare function mcpStdioExecutor(cfg: McpStdioExecutorConfig, log: (line: string) => void): {
    handle: (req: IncomingMessage, res: ServerResponse, v: VerifiedBinding) => Promise<void>;
    close(): Promise<void>;
};
