/** @module intake/body: read the body as bytes under a hard limit, whatever the framing. */
import { VerbatimError } from '../errors/index.js';
/** Thrown errors after which the rest of the body was not read: the answer must close the connection. */
function unread(e) {
    return new VerbatimError(e.code, e.message, { cause: e.cause, detail: { ...e.detail, closeConnection: true } });
}
/** True when an error's answer must close the connection (the body was not read to its end). */
export function closesConnection(err) {
    return err instanceof VerbatimError && err.detail?.['closeConnection'] === true;
}
/** A node:http IncomingMessage, read directly: no web-stream conversion on the hot path. */
export function nodeBodySource(incoming) {
    return { chunks: incoming, stop: () => void incoming.pause() };
}
export function webBodySource(stream) {
    if (stream === null)
        return { chunks: (async function* () { })(), stop: () => undefined };
    const reader = stream.getReader();
    return {
        chunks: {
            async *[Symbol.asyncIterator]() {
                for (;;) {
                    const { done, value } = await reader.read();
                    if (done)
                        return;
                    yield value;
                }
            },
        },
        stop: () => void reader.cancel().catch(() => undefined),
    };
}
/**
 * Reads at most `maxBytes` and stops reading there (413), so an oversized chunked body is never
 * buffered whole. A declared length that disagrees with what arrived is a framing fault (400):
 * the CVE-2024-41110 shape is a Content-Length: 0 request that carries a body anyway.
 */
export async function readBody(source, limits) {
    const budget = limits.budget;
    let taken = 0;
    const take = (n) => {
        if (budget === undefined)
            return;
        if (!budget.take(n))
            throw budget.overloaded();
        taken += n;
    };
    try {
        const body = await readLimited(source, limits, take);
        // The caller now owns body.byteLength bytes of the budget; anything taken beyond goes back.
        budget?.give(taken - body.byteLength);
        return body;
    }
    catch (e) {
        budget?.give(taken);
        source.stop();
        const err = e instanceof VerbatimError ? e : new VerbatimError('ERR_INTAKE_ABORTED', 'the client closed the connection before the body was complete', { cause: e });
        throw err.code === 'ERR_INTAKE_EMPTY_BODY' ? err : unread(err);
    }
}
async function readLimited(source, limits, take) {
    const declared = parseLength(limits.declaredLength);
    if (declared !== undefined && limits.transferEncoding !== undefined) {
        throw new VerbatimError('ERR_INTAKE_LENGTH_MISMATCH', 'both Content-Length and Transfer-Encoding'); // RFC 9112 §6.3
    }
    if (declared !== undefined && declared > limits.maxBytes) {
        throw new VerbatimError('ERR_INTAKE_TOO_LARGE', `body of ${declared} bytes exceeds the limit of ${limits.maxBytes}`);
    }
    if (declared !== undefined)
        take(declared);
    const signal = limits.signal;
    const timedOut = () => new VerbatimError('ERR_INTAKE_BODY_TIMEOUT', 'the body did not arrive in time');
    if (signal?.aborted === true)
        throw timedOut();
    let onAbort;
    const aborted = signal === undefined ? undefined : new Promise((_resolve, reject) => {
        onAbort = () => reject(timedOut());
        signal.addEventListener('abort', onAbort, { once: true });
    });
    aborted?.catch(() => undefined);
    const chunks = [];
    let total = 0;
    const it = source.chunks[Symbol.asyncIterator]();
    try {
        for (;;) {
            const r = aborted === undefined ? await it.next() : await Promise.race([it.next(), aborted]);
            if (r.done === true)
                break;
            const value = r.value;
            total += value.byteLength;
            if (total > limits.maxBytes)
                throw new VerbatimError('ERR_INTAKE_TOO_LARGE', `body exceeds the limit of ${limits.maxBytes} bytes`);
            if (declared === undefined)
                take(value.byteLength);
            chunks.push(value);
        }
    }
    finally {
        if (onAbort !== undefined)
            signal?.removeEventListener('abort', onAbort);
    }
    if (declared !== undefined && declared !== total) {
        throw new VerbatimError('ERR_INTAKE_LENGTH_MISMATCH', `Content-Length says ${declared} bytes, ${total} arrived`);
    }
    if (total === 0)
        throw new VerbatimError('ERR_INTAKE_EMPTY_BODY', 'a tool call needs a JSON object body');
    return concat(chunks, total);
}
function parseLength(v) {
    if (v === undefined)
        return undefined;
    if (!/^\d{1,15}$/.test(v.trim()))
        throw new VerbatimError('ERR_INTAKE_LENGTH_MISMATCH', 'invalid Content-Length');
    return Number(v.trim());
}
function concat(chunks, total) {
    if (chunks.length === 1 && chunks[0])
        return chunks[0];
    const out = new Uint8Array(total);
    let off = 0;
    for (const c of chunks) {
        out.set(c, off);
        off += c.byteLength;
    }
    return out;
}
/** Reads a request body under the limit: straight from node:http when there is one, else the web stream (a getter). */
export function readRequestBody(incoming, web, maxBytes, extra = {}) {
    const header = (n) => {
        if (incoming === undefined)
            return web.header(n);
        const v = incoming.headers[n];
        return Array.isArray(v) ? v.join(', ') : v;
    };
    // The web body is only touched without a node request: building it costs a full Request per call.
    return readBody(incoming ? nodeBodySource(incoming) : webBodySource(web.body()), {
        maxBytes,
        declaredLength: header('content-length'),
        transferEncoding: header('transfer-encoding'),
        ...extra,
    });
}
//# sourceMappingURL=body.js.map