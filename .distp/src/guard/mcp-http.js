/** @module guard/mcp-http: hand a verified MCP message to a Streamable HTTP server on loopback, and stream its answer back. */
import { request } from 'node:http';
import { VerbatimError } from '../errors/index.js';
import { writeProblem } from './node.js';
/** Transport headers the server needs, passed on as received (the session is also bound, step 9). */
const PASSED = ['accept', 'mcp-session-id', 'mcp-protocol-version', 'last-event-id', 'mcp-method', 'mcp-name', 'traceparent'];
/** Answer headers relayed to the gate. */
const RELAYED = ['content-type', 'mcp-session-id', 'cache-control'];
/**
 * Sends exactly the verified bytes (none for GET and DELETE) to the MCP server with the same
 * method, and streams its answer back incrementally, event stream or JSON. The decision rides along
 * as plain headers, as for the HTTP executor; the signature headers are not passed on. Never retried.
 */
export function mcpHttpHandler(cfg) {
    const target = new URL(cfg.http);
    return (req, res, v) => new Promise((resolve) => {
        const headers = { 'verbatim-decision-id': v.decisionId, 'verbatim-agent': v.agent, 'verbatim-tool': v.tool };
        for (const h of PASSED)
            if (req.headers[h] !== undefined)
                headers[h] = req.headers[h];
        if (v.bytes.byteLength > 0)
            Object.assign(headers, { 'content-type': 'application/json', 'content-length': String(v.bytes.byteLength) });
        const out = request(target, { method: req.method ?? 'POST', headers });
        const timer = setTimeout(() => out.destroy(new Error(`no answer within ${cfg.timeoutMs} ms`)), cfg.timeoutMs);
        out.on('error', (e) => {
            clearTimeout(timer);
            if (!res.headersSent)
                writeProblem(res, new VerbatimError('ERR_GUARD_EXECUTOR_UNAVAILABLE', `MCP server: ${e.code ?? e.message}`, { cause: e }), v.decisionId);
            else
                res.destroy(e);
            resolve();
        });
        out.on('response', (answer) => {
            clearTimeout(timer);
            const relayed = {};
            for (const h of RELAYED) {
                const val = answer.headers[h];
                if (val !== undefined)
                    relayed[h] = Array.isArray(val) ? val.join(", ") : val;
            }
            res.writeHead(answer.statusCode ?? 502, relayed);
            answer.pipe(res);
            answer.on('error', (e) => res.destroy(e));
            res.on('close', () => {
                answer.destroy();
                resolve();
            });
        });
        // The gate hung up (an event stream it no longer wants): stop the server's side too.
        res.on('close', () => out.destroy());
        out.end(v.bytes);
    });
}
//# sourceMappingURL=mcp-http.js.map