import { PROBLEM_CONTENT_TYPE, VerbatimError, retryAfterSeconds, toProblem } from '../errors/index.js';
import { closesConnection, readRequestBody } from '../intake/index.js';
import { createGuardCore } from './core.js';
import { RECEIPT_HEADER } from '../binding/index.js';
import { nodeHeaders, splitTarget } from './target.js';
/** Reads the whole body, stopping at `max` bytes without buffering more (intake's reader). */
export function readNodeBody(req, max, extra = {}) {
    return readRequestBody(req, { body: () => null, header: () => undefined }, max, extra);
}
/** An MCP GET or DELETE: a body behind it is a framing fault, and is never read. */
export function noBody(req) {
    const len = req.headers['content-length'];
    if ((len !== undefined && len !== '0') || req.headers['transfer-encoding'] !== undefined) {
        throw new VerbatimError('ERR_INTAKE_LENGTH_MISMATCH', 'this request carries no body', { detail: { closeConnection: true } });
    }
}
/** Writes an RFC 9457 problem for a VerbatimError (or ERR_INTERNAL). */
export function writeProblem(res, err, decisionId) {
    const p = toProblem(err, decisionId);
    const body = JSON.stringify(p);
    const headers = { 'content-type': PROBLEM_CONTENT_TYPE, 'content-length': Buffer.byteLength(body) };
    // A body we stopped reading must not be parsed as the next request on this connection.
    if (closesConnection(err) || p.code === 'ERR_INTAKE_TOO_LARGE' || p.code === 'ERR_INTAKE_LENGTH_MISMATCH')
        headers['connection'] = 'close';
    if (p.status === 503)
        headers['retry-after'] = retryAfterSeconds();
    res.writeHead(p.status, headers);
    res.end(body);
}
/**
 * Wraps a node:http handler: it runs only on a verified binding, after the execution record is
 * durable, and gets the VerifiedBinding. Refusals are problem+json 401/403/503. The receipt header is
 * added when the handler writes its head (explicitly or implicitly), signed over that status.
 * @example
 * createServer(guardNodeHandler({ audience, keys }, (req, res, v) => { res.end(JSON.stringify(run(v.tool, v.value))) }))
 */
export function guardNodeHandler(options, handler) {
    const core = createGuardCore(options);
    return (req, res) => {
        void (async () => {
            let body = new Uint8Array();
            const limits = core.bodyLimits();
            try {
                if (core.bodiless(req.method ?? ''))
                    noBody(req);
                else
                    body = await readNodeBody(req, core.maxBodyBytes, limits);
            }
            catch (err) {
                writeProblem(res, err);
                return;
            }
            // The body counts against the guard's budget until its answer is done.
            if (limits.budget !== undefined) {
                const budget = limits.budget;
                const held = body.byteLength;
                res.once('close', () => budget.give(held));
            }
            const { path, query } = splitTarget(req.url ?? '/');
            const r = await core.check({ method: req.method ?? '', path, query, headers: nodeHeaders(req) }, body);
            if (!r.ok) {
                const b = JSON.stringify(r.problem);
                res.writeHead(r.status, { 'content-type': PROBLEM_CONTENT_TYPE, 'content-length': Buffer.byteLength(b), ...(r.retryAfter === undefined ? {} : { 'retry-after': String(r.retryAfter) }) });
                res.end(b);
                return;
            }
            const v = r.verified;
            let receipt;
            const writeHead = res.writeHead.bind(res);
            // node calls writeHead for implicit headers too, so every path to the wire passes here.
            res.writeHead = ((status, ...rest) => {
                receipt = core.receipt(v, status);
                if (receipt !== undefined) {
                    const last = rest[rest.length - 1];
                    if (typeof last === 'object' && last !== null && !Array.isArray(last))
                        last[RECEIPT_HEADER] = receipt;
                    else
                        res.setHeader(RECEIPT_HEADER, receipt);
                }
                return writeHead(status, ...rest);
            });
            try {
                await handler(req, res, v);
            }
            catch (err) {
                if (!res.headersSent)
                    writeProblem(res, err, v.decisionId);
                else
                    res.destroy(err);
            }
            if (res.headersSent)
                await core.recordReceipt(v, res.statusCode, receipt);
        })().catch((err) => {
            if (!res.headersSent)
                writeProblem(res, err);
            else
                res.destroy();
        });
    };
}
//# sourceMappingURL=node.js.map