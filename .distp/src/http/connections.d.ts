/** @module http/connections: one request at a time per connection, nothing after a closing answer, and a connection cap. */
import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
export interface ConnectionRules {
    /** Open connections allowed at once; a connection beyond it gets `overloaded()` and is closed unread. */
    maxConnections: number;
    /** Raw HTTP/1.1 bytes for a connection over the cap (a 503 with Connection: close). */
    overloaded: () => string;
    /** Answers a request whose framing is faulty before any handler sees it (must close the connection). */
    faultyFraming: (req: IncomingMessage, res: ServerResponse, why: string) => void;
    /** Requests parsed ahead of the one being served, per connection; more closes the connection. */
    maxPipelined?: number;
    /** Called when a connection is refused or cut (rate-limit your own logging). */
    onShed?: (why: 'connections' | 'pipeline') => void;
}
export interface ConnectionStats {
    readonly open: number;
    readonly shed: number;
}
/**
 * Node parses pipelined requests as their bytes arrive and runs their handlers side by side, even
 * behind an answer that closes the connection. RFC 9112 §9.3 lets a server process pipelined
 * requests in order, and §9.6 says that after `close` it must not process any further request on
 * that connection. So each connection gets a queue: the next request starts only when the previous
 * answer has finished, and nothing is started once an answer closed the connection. RFC 9112 §6.1:
 * an HTTP/1.0 message with Transfer-Encoding has faulty framing; it is answered and the connection closed.
 */
export declare function disciplineConnections(server: Server, handler: RequestListener, rules: ConnectionRules): ConnectionStats;
