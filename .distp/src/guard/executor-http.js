/** @module guard/executor-http: hand verified bytes to an HTTP executor on loopback or a unix socket, once, never retried. */
import { request } from 'node:http';
import { VerbatimError } from '../errors/index.js';
/**
 * POSTs exactly the verified bytes to `{executor}{path}` with an explicit Content-Length and the
 * decision as plain headers (Verbatim-Decision-Id, -Agent, -Tool). The Verbatim signature headers are
 * not passed on: the executor trusts the guard, which is why nothing else may reach it.
 */
export function httpExecutor(cfg) {
    const unix = cfg.http.startsWith('unix:') ? cfg.http.slice('unix:'.length) : undefined;
    const base = unix === undefined ? new URL(cfg.http) : undefined;
    return {
        run(v, path, extra = {}) {
            return new Promise((resolve, reject) => {
                const target = base === undefined ? path : new URL(base.pathname.replace(/\/$/, '') + path, base);
                const headers = {
                    ...extra,
                    'content-type': 'application/json', 'content-length': String(v.bytes.byteLength),
                    'verbatim-decision-id': v.decisionId, 'verbatim-agent': v.agent, 'verbatim-tool': v.tool,
                };
                const opts = unix === undefined ? { method: 'POST', headers } : { method: 'POST', headers, socketPath: unix, path };
                const r = typeof target === 'string' ? request(opts) : request(target, opts);
                const fail = (msg, cause) => reject(new VerbatimError('ERR_GUARD_EXECUTOR_UNAVAILABLE', msg, { cause }));
                const timer = setTimeout(() => r.destroy(new Error(`no answer within ${cfg.timeoutMs} ms`)), cfg.timeoutMs);
                r.on('error', (e) => { clearTimeout(timer); fail(`executor: ${e.code ?? e.message}`, e); });
                r.on('response', (res) => {
                    const chunks = [];
                    let n = 0;
                    res.on('data', (c) => {
                        n += c.byteLength;
                        if (n > cfg.maxResponseBytes)
                            res.destroy(new Error(`executor response over ${cfg.maxResponseBytes} bytes`));
                        else
                            chunks.push(c);
                    });
                    res.on('error', (e) => { clearTimeout(timer); fail(e.message, e); });
                    res.on('end', () => {
                        clearTimeout(timer);
                        resolve({ status: res.statusCode ?? 502, contentType: res.headers['content-type'] ?? 'application/octet-stream', body: new Uint8Array(Buffer.concat(chunks)) });
                    });
                });
                r.end(v.bytes);
            });
        },
        async close() { },
    };
}
//# sourceMappingURL=executor-http.js.map