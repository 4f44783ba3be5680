/** @module gate/mcp/admit: the transport checks of an MCP request before policy: Origin, Host, Accept, revision, headers. */
import { VerbatimError } from '../../errors/index.js';
import { routingHeaderConflict } from '../../mcp/index.js';
import { MCP_REVISIONS } from './sessions.js';
const LOOPBACK = /^(127(\.\d{1,3}){3}|localhost|::1|\[::1\])$/;
/**
 * The Host values accepted when none are configured: on loopback, the gate's port under each
 * loopback name, so a web page cannot reach it through a rebound DNS name; on any other address,
 * none is enforced (set allowedHosts).
 */
export function defaultAllowedHosts(listenHost, port) {
    if (!LOOPBACK.test(listenHost))
        return undefined;
    return [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`];
}
/**
 * MCP Streamable HTTP (2025-11-25 §Security Warning): servers MUST validate Origin, and local ones
 * should check Host, against DNS rebinding. A request without Origin (not from a browser) passes the
 * Origin check; any Origin must be on the list. Host must be on its list when there is one.
 */
export function checkOriginAndHost(origin, host, allowedOrigins, allowedHosts) {
    if (origin !== undefined && !allowedOrigins.includes(origin))
        throw new VerbatimError('ERR_MCP_ORIGIN', `Origin ${origin} is not allowed`);
    if (allowedHosts !== undefined && (host === undefined || !allowedHosts.includes(host.toLowerCase()))) {
        throw new VerbatimError('ERR_MCP_ORIGIN', `Host ${host ?? '(none)'} is not allowed`);
    }
}
/** Streamable HTTP: a POST accepts both JSON and an event stream; a GET accepts an event stream. */
export function checkAccept(method, accept) {
    const types = (accept ?? '').split(',').map((t) => t.split(';')[0]?.trim().toLowerCase());
    const json = types.includes('application/json') || types.includes('application/*') || types.includes('*/*');
    const sse = types.includes('text/event-stream') || types.includes('text/*') || types.includes('*/*');
    if (method === 'POST' ? !(json && sse) : method === 'GET' ? !sse : false) {
        throw new VerbatimError('ERR_MCP_NOT_ACCEPTABLE', method === 'POST' ? 'Accept must list application/json and text/event-stream' : 'Accept must list text/event-stream');
    }
}
/** Revisions a client may name in MCP-Protocol-Version inside a session; the server still sees the session's. */
const KNOWN_REVISIONS = [...MCP_REVISIONS, '2025-03-26', '2024-11-05'];
/**
 * The revision is never the client's choice alone. initialize must ask for one the gate speaks, so
 * every session runs 2025-11-25 or 2025-06-18. Inside a session the server always sees the session's
 * revision in MCP-Protocol-Version, whatever (known) revision the client wrote there: an older one
 * cannot reach the server, so it cannot change how the server reads a message the gate checked.
 * Without a session (a stateless server) the header must name a revision the gate speaks; an absent
 * header would make the server assume 2025-03-26. Returns the header to forward (none for initialize).
 */
export function revisionToForward(msg, header, session) {
    if (msg?.kind === 'request' && msg.method === 'initialize') {
        const asked = msg.params?.['protocolVersion'];
        if (typeof asked !== 'string' || !MCP_REVISIONS.includes(asked)) {
            throw new VerbatimError('ERR_MCP_PROTOCOL_VERSION', `initialize asks for protocol revision ${JSON.stringify(asked)}; this gate speaks ${MCP_REVISIONS.join(', ')}`);
        }
        return undefined;
    }
    if (session !== undefined) {
        if (header !== undefined && !KNOWN_REVISIONS.includes(header))
            throw new VerbatimError('ERR_MCP_PROTOCOL_VERSION', `MCP-Protocol-Version ${header} is not a protocol revision`);
        return session.revision;
    }
    if (header === undefined || !MCP_REVISIONS.includes(header)) {
        throw new VerbatimError('ERR_MCP_PROTOCOL_VERSION', `MCP-Protocol-Version ${header ?? '(none)'} is not a revision this gate speaks (${MCP_REVISIONS.join(', ')})`);
    }
    return header;
}
/**
 * Mcp-Method and Mcp-Name (the stateless revision's routing headers), when present, must say what
 * the canonical body says: a header that routes or authorizes differently from the body is refused.
 * The rule is the guard's own (docs/binding.md §13, step 9g): one home, src/mcp.
 */
export function checkRoutingHeaders(subject, msg, mcpMethod, mcpName) {
    const conflict = routingHeaderConflict(subject, msg, mcpMethod ?? null, mcpName ?? null);
    if (conflict !== undefined)
        throw new VerbatimError('ERR_MCP_HEADER_MISMATCH', conflict);
}
//# sourceMappingURL=admit.js.map