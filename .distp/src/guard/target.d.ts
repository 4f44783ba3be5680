/** @module guard/target: the request target exactly as received, split into path and query, never normalised. */
import type { IncomingMessage } from 'node:http';
/**
 * Splits a raw request-target (origin-form `/p?q`, or absolute-form `http://h/p?q`) without
 * decoding or removing dot segments: RFC 9421 §2.2.6 signs the path as received.
 */
export declare function splitTarget(target: string): {
    path: string;
    query: string;
};
/** A header getter over node's distinct header lists: several lines join with `, ` (RFC 9421 §2.1). */
export declare function nodeHeaders(req: IncomingMessage): (name: string) => string | null;
