import { PROBLEM_CONTENT_TYPE, retryAfterSeconds, toProblem } from '../errors/index.js';
import { closesConnection, readRequestBody } from '../intake/index.js';
import { createGuardCore } from './core.js';
import { noBody } from './node.js';
import { RECEIPT_HEADER } from '../binding/index.js';
import { nodeHeaders, splitTarget } from './target.js';
function problemResponse(c, status, problem, close = false) {
    const headers = { 'content-type': PROBLEM_CONTENT_TYPE };
    // A body we stopped reading must not be parsed as the next request on this connection.
    if (close || problem.code === 'ERR_INTAKE_TOO_LARGE' || problem.code === 'ERR_INTAKE_LENGTH_MISMATCH')
        headers['connection'] = 'close';
    if (status === 503)
        headers['retry-after'] = retryAfterSeconds();
    return c.body(JSON.stringify(problem), status, headers);
}
/**
 * hono middleware that verifies the Verbatim binding of every request (docs/binding.md §6).
 * On a refusal it answers problem+json (RFC 9457) 401/403/503 with the code, and the handler never
 * runs. On success the execution record is durable before `next()`, the handler reads
 * `c.get('verbatim').value`, and the response carries a signed `Verbatim-Receipt`.
 * @example
 * const app = new Hono<GuardEnv>()
 * app.use('/v1/tools/*', guard({ audience: 'sandbox-1', keys: jwksKeyResolver({ url }), log: auditWriter, receiptSigner }))
 * app.post('/v1/tools/:tool', (c) => c.json(run(c.get('verbatim'))))
 */
export function guard(options) {
    const core = createGuardCore(options);
    return async (c, next) => {
        // With @hono/node-server the raw request-target is on the node request; Request.url is normalised.
        const incoming = c.env?.incoming;
        const limits = core.bodyLimits();
        let body = new Uint8Array();
        try {
            // Stops reading at the limit, whatever the framing (a chunked body is never buffered whole).
            if (core.bodiless(c.req.method))
                noBody({ headers: { 'content-length': c.req.header('content-length'), 'transfer-encoding': c.req.header('transfer-encoding') } });
            else
                body = await readRequestBody(incoming, { body: () => c.req.raw.body, header: (n) => c.req.header(n) }, core.maxBodyBytes, limits);
        }
        catch (err) {
            const p = toProblem(err);
            return problemResponse(c, p.status, p, closesConnection(err));
        }
        try {
            const { path, query } = splitTarget(incoming?.url ?? c.req.url);
            const headers = incoming !== undefined ? nodeHeaders(incoming) : (n) => c.req.header(n) ?? null;
            const r = await core.check({ method: c.req.method, path, query, headers }, body);
            if (!r.ok) {
                if (r.retryAfter !== undefined)
                    c.header('retry-after', String(r.retryAfter));
                return problemResponse(c, r.status, r.problem);
            }
            c.set('verbatim', r.verified);
            await next();
            const status = c.res.status;
            const receipt = core.receipt(r.verified, status);
            if (receipt !== undefined)
                c.header(RECEIPT_HEADER, receipt);
            await core.recordReceipt(r.verified, status, receipt);
        }
        finally {
            limits.budget?.give(body.byteLength);
        }
    };
}
//# sourceMappingURL=middleware.js.map