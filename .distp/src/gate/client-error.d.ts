/** @module gate/client-error: bytes that are not HTTP, faulty framing and shed connections: a problem, an audit record, a closed connection. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { GateDeps } from './deps.js';
/**
 * Node's parser reports a request it cannot frame (RFC 9112 §6.3): a body behind
 * Content-Length: 0 shows up here as a second, garbled request on the connection. Nothing of it
 * is ever handed to the pipeline; the connection is closed.
 */
export declare function onClientError(err: NodeJS.ErrnoException, socket: Duplex, deps: GateDeps, log: (line: string) => void): void;
/** RFC 9112 §6.1 and the like: a parsed request whose framing cannot be trusted. Answered 400, audited, closed. */
export declare function refuseFraming(req: IncomingMessage, res: ServerResponse, why: string, deps: GateDeps, log: (line: string) => void): void;
/** The raw answer to a connection over limits.maxConnections: 503 with a jittered Retry-After, then close. */
export declare function overloadedBytes(): string;
