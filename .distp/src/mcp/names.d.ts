/** @module mcp/names: the name policy decides on for each MCP message, and what it evaluates (pure). */
import type { JsonValue } from '../canonical/index.js';
import type { RpcMessage } from './message.js';
/** Every MCP name in a policy starts with this; /v1/tools names cannot contain ':'. */
export declare const MCP_PREFIX = "mcp:";
type JsonObject = {
    [k: string]: JsonValue;
};
/**
 * What a message is, for policy and for the binding. The name is `mcp:{server}/{method}`, and for
 * the two named methods `mcp:{server}/tools/call/{tool}` and `mcp:{server}/prompts/get/{prompt}`:
 * the server comes first, so one tool name on two servers is two names, and names are compared
 * exactly as written (MCP 2025-11-25 tool names are case-sensitive). A client's response to a
 * server's request is `mcp:{server}/response`; the transport's GET stream and DELETE are
 * `mcp:{server}/stream` and `mcp:{server}/session/delete`.
 */
export interface McpSubject {
    /** The name after `mcp:{server}`, starting with `/`, e.g. `/tools/call/echo`. */
    suffix: string;
    /** The JSON-RPC method, or 'response', 'stream', 'session/delete'. */
    method: string;
    /** What policy evaluates: a call's arguments, a resource read's params, any other params. */
    value: JsonObject;
    /** The tool or prompt name, or the resource URI (what an Mcp-Name header must equal). */
    name?: string;
    /** True for tools/call, prompts/get and resources/read: these are always decided by policy. */
    named: boolean;
}
/** Methods whose plain name `/{method}` would be the name of a response or of the transport's GET or DELETE. */
export declare const RESERVED_METHODS: ReadonlySet<string>;
/** Method prefixes whose plain name would be the name of a tools/call or a prompts/get. */
export declare const NAMED_PREFIXES: readonly string[];
/** The subject of a message posted to an MCP server. */
export declare function subjectOf(msg: RpcMessage): McpSubject;
/** The subject of a bodiless transport request: GET opens the server's stream, DELETE ends the session. */
export declare function transportSubject(httpMethod: 'GET' | 'DELETE'): McpSubject;
/** The full policy name: `mcp:{server}{suffix}`. */
export declare function policyName(server: string, subject: Pick<McpSubject, 'suffix'>): string;
/** Splits a signed MCP name into server and suffix; undefined when it is not one. */
export declare function splitPolicyName(name: string): {
    server: string;
    suffix: string;
} | undefined;
/** Matches a method against a pass list entry: exact, or a prefix ending in `*` (`notifications/*`). */
export declare function methodMatches(pattern: string, method: string): boolean;
/**
 * Mcp-Method and Mcp-Name (the routing headers of the stateless revision), when present, must say what
 * the body says: Mcp-Method is the message's method (a response has none), Mcp-Name the subject's name
 * (the tool, the prompt or the resource URI; other messages name nothing). Returns why not, or undefined.
 */
export declare function routingHeaderConflict(subject: McpSubject, msg: RpcMessage, mcpMethod: string | null, mcpName: string | null): string | undefined;
export {};
