import type { IncomingMessage, ServerResponse } from 'node:http';
import type { VerifiedBinding } from './types.js';
export interface McpHttpExecutorConfig {
    /** The server's endpoint, e.g. http://127.0.0.1:3001/mcp (loopback only, checked by the config). */
    http: string;
    /** Time allowed for the answer's head; an event stream may then stay open as long as it likes. */
    timeoutMs: number;
}
/**
 * Sends exactly the verified bytes (none for GET and DELETE) to the MCP server with the same
 * method, and streams its answer back incrementally, event stream or JSON. The decision rides along
 * as plain headers, as for the HTTP executor; the signature headers are not passed on. Never retried.
 */
export declare function mcpHttpHandler(cfg: McpHttpExecutorConfig): (req: IncomingMessage, res: ServerResponse, v: VerifiedBinding) => Promise<void>;
