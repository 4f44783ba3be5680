import { VerbatimError } from '../errors/index.js';
/** Every MCP name in a policy starts with this; /v1/tools names cannot contain ':'. */
export const MCP_PREFIX = 'mcp:';
// MCP 2025-11-25 §tools: names SHOULD be 1-128 of [A-Za-z0-9_.-]; printable ASCII is what a signed header can carry.
const NAME = /^[\x21-\x7e]{1,128}$/;
/** Methods whose plain name `/{method}` would be the name of a response or of the transport's GET or DELETE. */
export const RESERVED_METHODS = new Set(['response', 'stream', 'session/delete']);
/** Method prefixes whose plain name would be the name of a tools/call or a prompts/get. */
export const NAMED_PREFIXES = ['tools/call/', 'prompts/get/'];
function objectOr(v, what) {
    if (v === undefined)
        return {};
    if (typeof v !== 'object' || v === null || Array.isArray(v))
        throw new VerbatimError('ERR_MCP_INVALID_MESSAGE', `${what} must be an object`);
    return v;
}
function named(params, key, method) {
    const v = params?.[key];
    if (typeof v !== 'string')
        throw new VerbatimError('ERR_MCP_INVALID_MESSAGE', `${method} needs a string params.${key}`);
    if (key === 'name' && !NAME.test(v))
        throw new VerbatimError('ERR_MCP_INVALID_MESSAGE', `${method}: the name must be 1-128 printable ASCII characters without spaces`);
    return v;
}
/** The subject of a message posted to an MCP server. */
export function subjectOf(msg) {
    if (msg.kind === 'response')
        return { suffix: '/response', method: 'response', value: {}, named: false };
    const m = msg.method;
    if (m === 'tools/call' || m === 'prompts/get') {
        const name = named(msg.params, 'name', m);
        return { suffix: `/${m}/${name}`, method: m, value: objectOr(msg.params?.['arguments'], `${m} params.arguments`), name, named: true };
    }
    if (m === 'resources/read') {
        const uri = named(msg.params, 'uri', m);
        return { suffix: '/resources/read', method: m, value: { uri }, name: uri, named: true };
    }
    if (!NAME.test(m))
        throw new VerbatimError('ERR_MCP_INVALID_MESSAGE', 'the method must be 1-128 printable ASCII characters without spaces');
    // One name, one subject: a method spelled like another subject's name (a response, the stream, a call) is refused.
    if (RESERVED_METHODS.has(m) || NAMED_PREFIXES.some((p) => m.startsWith(p))) {
        throw new VerbatimError('ERR_MCP_INVALID_MESSAGE', `the method ${m} would take the name of another subject (docs/binding.md §13.3)`);
    }
    return { suffix: `/${m}`, method: m, value: msg.params ?? {}, named: false };
}
/** The subject of a bodiless transport request: GET opens the server's stream, DELETE ends the session. */
export function transportSubject(httpMethod) {
    return httpMethod === 'GET'
        ? { suffix: '/stream', method: 'stream', value: {}, named: false }
        : { suffix: '/session/delete', method: 'session/delete', value: {}, named: false };
}
/** The full policy name: `mcp:{server}{suffix}`. */
export function policyName(server, subject) {
    return `${MCP_PREFIX}${server}${subject.suffix}`;
}
/** Splits a signed MCP name into server and suffix; undefined when it is not one. */
export function splitPolicyName(name) {
    if (!name.startsWith(MCP_PREFIX))
        return undefined;
    const slash = name.indexOf('/', MCP_PREFIX.length);
    if (slash <= MCP_PREFIX.length)
        return undefined;
    return { server: name.slice(MCP_PREFIX.length, slash), suffix: name.slice(slash) };
}
/** Matches a method against a pass list entry: exact, or a prefix ending in `*` (`notifications/*`). */
export function methodMatches(pattern, method) {
    return pattern.endsWith('*') ? method.startsWith(pattern.slice(0, -1)) : pattern === method;
}
/**
 * Mcp-Method and Mcp-Name (the routing headers of the stateless revision), when present, must say what
 * the body says: Mcp-Method is the message's method (a response has none), Mcp-Name the subject's name
 * (the tool, the prompt or the resource URI; other messages name nothing). Returns why not, or undefined.
 */
export function routingHeaderConflict(subject, msg, mcpMethod, mcpName) {
    if (mcpMethod !== null && (msg.kind === 'response' || mcpMethod !== msg.method)) {
        return `Mcp-Method ${mcpMethod} does not match the body's method ${msg.kind === 'response' ? '(a response)' : msg.method}`;
    }
    if (mcpName !== null && mcpName !== subject.name) {
        return `Mcp-Name ${mcpName} does not match the body's ${subject.name === undefined ? 'message, which names nothing' : `name ${subject.name}`}`;
    }
    return undefined;
}
//# sourceMappingURL=names.js.map