import type { McpSubject, RpcMessage } from '../../mcp/index.js';
import type { McpSession } from './sessions.js';
/**
 * The Host values accepted when none are configured: on loopback, the gate's port under each
 * loopback name, so a web page cannot reach it through a rebound DNS name; on any other address,
 * none is enforced (set allowedHosts).
 */
export declare function defaultAllowedHosts(listenHost: string, port: number): string[] | undefined;
/**
 * MCP Streamable HTTP (2025-11-25 §Security Warning): servers MUST validate Origin, and local ones
 * should check Host, against DNS rebinding. A request without Origin (not from a browser) passes the
 * Origin check; any Origin must be on the list. Host must be on its list when there is one.
 */
export declare function checkOriginAndHost(origin: string | undefined, host: string | undefined, allowedOrigins: readonly string[], allowedHosts: readonly string[] | undefined): void;
/** Streamable HTTP: a POST accepts both JSON and an event stream; a GET accepts an event stream. */
export declare function checkAccept(method: string, accept: string | undefined): void;
/**
 * The revision is never the client's choice alone. initialize must ask for one the gate speaks, so
 * every session runs 2025-11-25 or 2025-06-18. Inside a session the server always sees the session's
 * revision in MCP-Protocol-Version, whatever (known) revision the client wrote there: an older one
 * cannot reach the server, so it cannot change how the server reads a message the gate checked.
 * Without a session (a stateless server) the header must name a revision the gate speaks; an absent
 * header would make the server assume 2025-03-26. Returns the header to forward (none for initialize).
 */
export declare function revisionToForward(msg: RpcMessage | undefined, header: string | undefined, session: McpSession | undefined): string | undefined;
/**
 * Mcp-Method and Mcp-Name (the stateless revision's routing headers), when present, must say what
 * the canonical body says: a header that routes or authorizes differently from the body is refused.
 * The rule is the guard's own (docs/binding.md §13, step 9g): one home, src/mcp.
 */
export declare function checkRoutingHeaders(subject: McpSubject, msg: RpcMessage, mcpMethod: string | undefined, mcpName: string | undefined): void;
