/** @module gate/http/exchange: one request and its reply, independent of node:http and of fetch. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
/** What a transport reads of a request. */
export interface Exchange {
    method: string;
    /** The raw request-target, before any URL parser removed dot segments or decoded escapes. */
    target: string;
    header(name: string): string | undefined;
    /** The node request, when there is one: the body is read from it directly. */
    incoming?: IncomingMessage;
    /** Otherwise the body as a web stream (an exchange built from a fetch Request, in tests). */
    webBody?: () => ReadableStream<Uint8Array> | null;
}
/** What a transport answers: a status, headers, and a body that is bytes, text or a stream. */
export interface Reply {
    status: number;
    headers: Record<string, string>;
    body: Uint8Array | string | Readable | null;
}
export declare function fromNode(req: IncomingMessage): Exchange;
/** Writes a reply with node:http: bytes with an explicit Content-Length, a stream piped as it comes. */
export declare function writeReply(res: ServerResponse, reply: Reply): void;
/** For fetch-style callers (hono's app.request in tests). */
export declare function fromRequest(req: Request, rawTarget?: string): Exchange;
export declare function toResponse(reply: Reply): Response;
