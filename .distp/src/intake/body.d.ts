/** @module intake/body: read the body as bytes under a hard limit, whatever the framing. */
import { VerbatimError } from '../errors/index.js';
/** A global byte budget as the reader uses it, with the error a full budget answers (503, jittered Retry-After). */
export interface BodyBudget {
    take(n: number): boolean;
    give(n: number): void;
    overloaded(): VerbatimError;
}
export interface BodyLimits {
    maxBytes: number;
    /** The Content-Length header as sent, if any. */
    declaredLength: string | undefined;
    transferEncoding: string | undefined;
    /**
     * The global budget of body bytes in flight. The reader takes what it holds (a declared length up
     * front, chunked bytes as they arrive); on success the caller owns `body.byteLength` bytes of it
     * and must give them back when the request ends; on failure the reader gives back what it took.
     */
    budget?: BodyBudget;
    /** Aborts the read when the body's time is up (ERR_INTAKE_BODY_TIMEOUT). */
    signal?: AbortSignal;
}
/** True when an error's answer must close the connection (the body was not read to its end). */
export declare function closesConnection(err: unknown): boolean;
/** Where the body bytes come from: a node:http request or a web stream, read the same way. */
export interface BodySource {
    chunks: AsyncIterable<Uint8Array>;
    /** Stop reading (the response then closes the connection). */
    stop(): void;
}
/** A node:http IncomingMessage, read directly: no web-stream conversion on the hot path. */
export declare function nodeBodySource(incoming: AsyncIterable<Uint8Array> & {
    pause(): unknown;
}): BodySource;
export declare function webBodySource(stream: ReadableStream<Uint8Array> | null): BodySource;
/**
 * Reads at most `maxBytes` and stops reading there (413), so an oversized chunked body is never
 * buffered whole. A declared length that disagrees with what arrived is a framing fault (400):
 * the CVE-2024-41110 shape is a Content-Length: 0 request that carries a body anyway.
 */
export declare function readBody(source: BodySource, limits: BodyLimits): Promise<Uint8Array>;
/** Reads a request body under the limit: straight from node:http when there is one, else the web stream (a getter). */
export declare function readRequestBody(incoming: (AsyncIterable<Uint8Array> & {
    pause(): unknown;
    headers: Record<string, string | string[] | undefined>;
}) | undefined, web: {
    body: () => ReadableStream<Uint8Array> | null;
    header: (name: string) => string | undefined;
}, maxBytes: number, extra?: Pick<BodyLimits, 'budget' | 'signal'>): Promise<Uint8Array>;
