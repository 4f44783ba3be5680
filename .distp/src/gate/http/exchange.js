import { Readable } from 'node:stream';
export function fromNode(req) {
    return {
        method: req.method ?? 'GET',
        target: req.url ?? '/',
        header: (n) => {
            const v = req.headers[n];
            return Array.isArray(v) ? v.join(', ') : v;
        },
        incoming: req,
    };
}
/** Writes a reply with node:http: bytes with an explicit Content-Length, a stream piped as it comes. */
export function writeReply(res, reply) {
    const b = reply.body;
    if (b === null || typeof b === 'string' || b instanceof Uint8Array) {
        const len = b === null ? 0 : typeof b === 'string' ? Buffer.byteLength(b) : b.byteLength;
        res.writeHead(reply.status, { ...reply.headers, 'content-length': String(len) });
        res.end(b ?? undefined);
        return;
    }
    res.writeHead(reply.status, reply.headers);
    b.on('error', () => res.destroy());
    res.on('close', () => b.destroy());
    b.pipe(res);
}
/** For fetch-style callers (hono's app.request in tests). */
export function fromRequest(req, rawTarget) {
    const u = new URL(req.url);
    return {
        method: req.method,
        target: rawTarget ?? u.pathname + u.search,
        header: (n) => req.headers.get(n) ?? undefined,
        webBody: () => req.body,
    };
}
export function toResponse(reply) {
    const b = reply.body;
    const body = b === null || typeof b === 'string' || b instanceof Uint8Array ? b : Readable.toWeb(b);
    return new Response(body, { status: reply.status, headers: reply.headers });
}
//# sourceMappingURL=exchange.js.map