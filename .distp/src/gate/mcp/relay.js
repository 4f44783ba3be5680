import { canonicalBytes } from '../../canonical/index.js';
import { filterListResponse, isFilteredList, sseRewriter } from '../../mcp/index.js';
import { singleHeader } from '../answer.js';
import { VerbatimError } from '../../errors/index.js';
import { MCP_REVISIONS } from './sessions.js';
const HEADERS_RELAYED = ['content-type', 'mcp-session-id', 'verbatim-receipt'];
/** Reads a JSON text strictly (the gate has one JSON reader); undefined when it is not JSON. */
function strictJson(text) {
    try {
        return canonicalBytes(new TextEncoder().encode(text), { maxBytes: 64 * 1024 * 1024 }).value;
    }
    catch {
        return undefined;
    }
}
function isResponseTo(v, id) {
    return typeof v === 'object' && v !== null && !Array.isArray(v) && v['id'] === id && (Object.hasOwn(v, 'result') || Object.hasOwn(v, 'error'));
}
/**
 * The answer to the watched request, rewritten: a list cut down to what the agent could use, an
 * initialize whose revision the gate does not speak replaced by a JSON-RPC error. Undefined: pass
 * the text on as it is. A list answer that does not parse strictly is replaced too (fail closed).
 */
function rewrite(text, w, sessionId) {
    const filtered = isFilteredList(w.method);
    if (!filtered && w.onInitialized === undefined)
        return undefined;
    const v = strictJson(text);
    if (v === undefined)
        return filtered ? JSON.stringify(rpcError(w.id, 'the server answered a list with text that is not strict JSON; withheld')) : undefined;
    if (!isResponseTo(v, w.id))
        return undefined;
    if (w.onInitialized !== undefined) {
        const result = v['result'];
        const revision = typeof result === 'object' && result !== null && !Array.isArray(result) ? result['protocolVersion'] : undefined;
        if (typeof revision !== 'string' || !MCP_REVISIONS.includes(revision)) {
            return JSON.stringify(rpcError(w.id, `the server chose protocol revision ${JSON.stringify(revision)}; this gate speaks ${MCP_REVISIONS.join(', ')}`));
        }
        w.onInitialized(revision, sessionId);
        return undefined;
    }
    return JSON.stringify(filterListResponse(w.method, v, w.filter).value);
}
function rpcError(id, message) {
    return { jsonrpc: '2.0', id, error: { code: -32603, message, data: { code: 'ERR_MCP_PROTOCOL_VERSION' } } };
}
/**
 * The agent's response: status, the MCP and Verbatim headers, and the body. An event stream passes
 * through incrementally, block by block, never buffered whole; only the watched request's answer is
 * read (strictly) and rewritten. A JSON answer that needs reading is buffered (bounded by the
 * upstream's maxResponseBytes in the forwarder's place) and rewritten the same way.
 */
export async function relayMcp(res, decisionId, watch, maxJsonBytes) {
    const out = { 'verbatim-decision-id': decisionId };
    for (const h of HEADERS_RELAYED) {
        const v = singleHeader(res.headers[h]);
        if (v !== undefined)
            out[h] = v;
    }
    // A guard's refusal that says when to come back (its restart window) keeps saying so.
    const retry = singleHeader(res.headers['retry-after']);
    if (retry !== undefined && out['verbatim-receipt'] === undefined && res.status >= 400 && /^\d{1,4}$/.test(retry))
        out['retry-after'] = retry;
    const type = (out['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    const sessionId = out['mcp-session-id'];
    if (res.status === 202 || res.status === 204 || res.status === 304) {
        res.body.resume();
        return { status: res.status, headers: out, body: null };
    }
    if (type === 'text/event-stream') {
        out['cache-control'] = 'no-cache';
        const body = watch === undefined ? res.body : res.body.pipe(sseRewriter((ev) => rewrite(ev.data, watch, sessionId)));
        res.body.on('error', (e) => body.destroy(e));
        return { status: res.status, headers: out, body };
    }
    if (watch === undefined || type !== 'application/json')
        return { status: res.status, headers: out, body: res.body };
    const chunks = [];
    let n = 0;
    for await (const c of res.body) {
        n += c.byteLength;
        if (n > maxJsonBytes) {
            res.body.destroy();
            throw new VerbatimError('ERR_GATE_UPSTREAM_UNAVAILABLE', `the MCP answer was over ${maxJsonBytes} bytes; withheld. The call was forwarded: do not repeat it without checking`, { detail: { forwarded: true } });
        }
        chunks.push(c);
    }
    const text = Buffer.concat(chunks).toString('utf8');
    const replaced = rewrite(text, watch, sessionId);
    return { status: res.status, headers: out, body: replaced ?? text };
}
//# sourceMappingURL=relay.js.map