/** @module gate/forward: send exactly the approved bytes upstream (undici, keep-alive pools), once; say whether a byte left. */
import type { Readable } from 'node:stream';
import { VerbatimError } from '../errors/index.js';
export interface ForwardRequest {
    url: URL;
    /** Default POST. */
    method?: 'POST' | 'GET' | 'DELETE';
    headers: Record<string, string>;
    body: Uint8Array;
    /** Total: until the whole buffered answer has arrived (a stream: until its head). */
    timeoutMs: number;
    maxResponseBytes: number;
    /** Until a connection is open (default 2 s); past it, nothing was sent. */
    connectTimeoutMs?: number;
    /** Until the answer's head (default timeoutMs). */
    firstByteTimeoutMs?: number;
}
export interface ForwardResponse {
    status: number;
    headers: Record<string, string | string[] | undefined>;
    body: Uint8Array;
}
/** A response whose head has arrived; its body streams (an MCP event stream may stay open for hours). */
export interface StreamedResponse {
    status: number;
    headers: Record<string, string | string[] | undefined>;
    body: Readable;
}
export type Forwarder = (req: ForwardRequest) => Promise<ForwardResponse>;
export type StreamForwarder = (req: ForwardRequest) => Promise<StreamedResponse>;
/**
 * The VerbatimError of a transport failure, with `detail.sent` false when the connection never
 * opened (the only case the caller may retry) and `detail.fault` for the circuit breaker.
 */
export declare function forwardFailure(err: unknown, ms: number): VerbatimError;
/**
 * Both forwarders over keep-alive pools (one per upstream origin and connect timeout). A request
 * carries an explicit Content-Length and only the headers given: no agent headers, no hop-by-hop
 * headers, no re-encoding (DESIGN invariant 1). Transport failures are 502, timeouts 504; nothing is
 * retried here (invariant 7): the caller decides, knowing whether a byte left.
 */
export declare function createForwarders(maxSockets: number): {
    forward: Forwarder;
    stream: StreamForwarder;
    close: () => Promise<void>;
};
/** The buffered forwarder alone (tests and probes). */
export declare function createForwarder(maxSockets: number): Forwarder;
