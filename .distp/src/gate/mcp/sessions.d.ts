/** @module gate/mcp/sessions: which agent opened which MCP session, and the revision negotiated for it. */
/** The MCP revisions the gate speaks (the official TypeScript SDK 1.32's); never an older one. */
export declare const MCP_REVISIONS: readonly string[];
export interface McpSession {
    agent: string;
    server: string;
    /** The revision the server chose in its InitializeResult. */
    revision: string;
}
export interface McpSessions {
    get(id: string): McpSession | undefined;
    set(id: string, s: McpSession): void;
    delete(id: string): void;
    readonly size: number;
}
/**
 * Sessions in insertion order, at most `max`: the oldest is forgotten first (its next request is
 * answered 404 and its client initializes again, as the transport specifies for a lost session).
 */
export declare function createMcpSessions(max?: number): McpSessions;
