import type { Kit, RequestVector, VectorRequest, VectorStep, VerifierState } from './vector-kit.js';
/** The fixed inputs of the MCP vectors: server `fs` behind the gate, its session and revision. */
export declare const MCP_VECTOR_INPUT: {
    readonly server: "fs";
    /** The upstream URL's path (none) and the server's default path. */
    readonly path: "/mcp";
    readonly session: "1868a90c-7ba1-4b6c-8f4e-2a4c5d9e0b3f";
    readonly protocol: "2025-11-25";
    /** The main MCP vector's body: a tools/call of `echo`, in its RFC 8785 form. */
    readonly body: "{\"id\":1,\"jsonrpc\":\"2.0\",\"method\":\"tools/call\",\"params\":{\"arguments\":{\"text\":\"hi\"},\"name\":\"echo\"}}";
    readonly tool: "mcp:fs/tools/call/echo";
};
/** What one MCP vector changes from the main MCP request. `null` leaves a member or a header out. */
export interface McpOver {
    method?: string;
    path?: string;
    body?: string | Uint8Array;
    tool?: string;
    /** The decision's session member; the Mcp-Session-Id header follows it unless `headers` says otherwise. */
    session?: string | null;
    protocol?: string | null;
    /** Headers set (a string) or removed (null) after signing. */
    headers?: Record<string, string | null>;
    /** The body sent, when it is not the body signed. */
    sentBody?: string;
}
/** Builds and names MCP vectors on top of the request kit. */
export interface McpKit {
    /** A signed MCP request: POST /mcp with the main body, session and protocol, unless `over` says otherwise. */
    request(over?: McpOver): VectorRequest;
    vector(name: string, expect: string, step: VectorStep | undefined, over?: McpOver, state?: Partial<VerifierState>, value?: unknown): RequestVector;
    /** The signature base of the main MCP request. */
    base: string;
}
export declare function mcpKit(k: Kit): McpKit;
/** Accepted MCP vectors: every kind of message, the transport's GET and DELETE, and the edges of the name rules. */
export declare function mcpAcceptVectors(m: McpKit): RequestVector[];
