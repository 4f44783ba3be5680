import { Pool } from 'undici';
import { VerbatimError } from '../errors/index.js';
/** Codes of errors raised while opening the connection: no byte of the call left the gate. */
const CONNECT_CODES = new Set(['ECONNREFUSED', 'UND_ERR_CONNECT_TIMEOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND', 'EADDRNOTAVAIL']);
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);
/**
 * The VerbatimError of a transport failure, with `detail.sent` false when the connection never
 * opened (the only case the caller may retry) and `detail.fault` for the circuit breaker.
 */
export function forwardFailure(err, ms) {
    if (err instanceof VerbatimError)
        return err;
    const e = err;
    const code = e.code ?? (e.name === 'TimeoutError' || e.name === 'AbortError' ? 'TIMEOUT' : undefined);
    const sent = !CONNECT_CODES.has(code ?? '');
    if (code === 'TIMEOUT' || TIMEOUT_CODES.has(code ?? '')) {
        return new VerbatimError('ERR_GATE_UPSTREAM_TIMEOUT', code === 'UND_ERR_CONNECT_TIMEOUT' ? 'no connection to the upstream in time' : `no answer within ${ms} ms`, { cause: err, detail: { sent, fault: true } });
    }
    const what = sent ? 'the call may have reached it: do not repeat it without checking' : 'the call was not sent: it is safe to retry';
    return new VerbatimError('ERR_GATE_UPSTREAM_UNAVAILABLE', `upstream: ${code ?? e.message}; ${what}`, { cause: err, detail: { sent, fault: true } });
}
/**
 * Both forwarders over keep-alive pools (one per upstream origin and connect timeout). A request
 * carries an explicit Content-Length and only the headers given: no agent headers, no hop-by-hop
 * headers, no re-encoding (DESIGN invariant 1). Transport failures are 502, timeouts 504; nothing is
 * retried here (invariant 7): the caller decides, knowing whether a byte left.
 */
export function createForwarders(maxSockets) {
    const pools = new Map();
    const pool = (url, connectTimeoutMs) => {
        const key = `${url.origin} ${connectTimeoutMs}`;
        let p = pools.get(key);
        if (p === undefined) {
            p = new Pool(url.origin, { connections: maxSockets, connect: { timeout: connectTimeoutMs }, keepAliveTimeout: 30_000, pipelining: 1 });
            pools.set(key, p);
        }
        return p;
    };
    const send = async (req, whole) => {
        const method = req.method ?? 'POST';
        const headers = req.body.byteLength > 0 || method === 'POST' ? { ...req.headers, 'content-length': String(req.body.byteLength) } : req.headers;
        try {
globalThis.__m?.("fwd-start");            const r = await pool(req.url, req.connectTimeoutMs ?? 2_000).request({
                path: req.url.pathname + req.url.search,
                method,
                headers,
                body: req.body.byteLength > 0 ? req.body : null,
                headersTimeout: req.firstByteTimeoutMs ?? req.timeoutMs,
                bodyTimeout: whole ? req.timeoutMs : 0,
                ...(whole ? { signal: AbortSignal.timeout(req.timeoutMs) } : {}),
            });
globalThis.__m?.("fwd-head");            return { status: r.statusCode, headers: r.headers, body: r.body };
        }
        catch (err) {
            throw forwardFailure(err, req.timeoutMs);
        }
    };
    const forward = async (req) => {
        const res = await send(req, true);
        const chunks = [];
        let total = 0;
        try {
            for await (const c of res.body) {
                total += c.byteLength;
                if (total > req.maxResponseBytes) {
                    res.body.destroy();
                    throw new VerbatimError('ERR_GATE_UPSTREAM_UNAVAILABLE', `upstream response exceeds ${req.maxResponseBytes} bytes`, { detail: { sent: true } });
                }
                chunks.push(c);
            }
        }
        catch (err) {
            throw forwardFailure(err, req.timeoutMs);
        }
globalThis.__m?.("fwd-body");        return { status: res.status, headers: res.headers, body: new Uint8Array(Buffer.concat(chunks, total)) };
    };
    return {
        forward,
        stream: (req) => send(req, false),
        // After the server has drained: what is still open (an event stream) is cut, not awaited.
        close: async () => void (await Promise.all([...pools.values()].map((p) => p.destroy()))),
    };
}
/** The buffered forwarder alone (tests and probes). */
export function createForwarder(maxSockets) {
    return createForwarders(maxSockets).forward;
}
//# sourceMappingURL=forward.js.map