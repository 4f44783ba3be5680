/** @module mcp/bridge: a stdio MCP server to the client, Streamable HTTP to the gate (the edge: stdio and sockets). */
import type { Readable, Writable } from 'node:stream';
export interface BridgeOptions {
    /** The gate's MCP endpoint, `{gate}/mcp/{server}`. */
    endpoint: URL;
    /** The agent's bearer token. */
    token: string;
    stdin?: Readable;
    stdout?: Writable;
    log?: (line: string) => void;
}
export interface Bridge {
    /** Resolves when either side has closed. */
    closed: Promise<void>;
    close(): Promise<void>;
}
/**
 * Relays every message between a client that launched this process (stdio, as desktop clients launch
 * MCP servers) and the gate's Streamable HTTP endpoint, with the agent's token on every request. The
 * session id and the revision the server chose at initialize ride on every later request, so the
 * gate can hold the session to them. A request the gate could not take is answered with a JSON-RPC
 * error, so the client is never left waiting.
 */
export declare function startBridge(o: BridgeOptions): Promise<Bridge>;
