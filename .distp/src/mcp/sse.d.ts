/** @module mcp/sse: server-sent events passed through block by block, rewriting only the events asked for. */
import { Transform } from 'node:stream';
/** One event's fields (WHATWG HTML §9.2.6): data lines joined with LF. */
export interface SseEvent {
    id?: string;
    event?: string;
    data: string;
}
/**
 * Reads the fields of one raw event block. Lines are `field: value` (one leading space after the
 * colon is dropped), comments start with `:`; unknown fields are ignored, as the spec says.
 */
export declare function parseEventBlock(block: string): SseEvent;
/** One event as a block: id, event, one `data:` line per line of data, then a blank line. */
export declare function serializeEvent(ev: SseEvent): string;
/**
 * Passes an event stream through incrementally, one complete event block at a time. `rewrite`
 * sees each block's event and returns replacement data, or undefined to pass the block on byte for
 * byte (priming events, comments and retry fields included). A block longer than `maxBlock`
 * characters fails the stream rather than buffer without bound.
 */
export declare function sseRewriter(rewrite: (ev: SseEvent) => string | undefined, maxBlock?: number): Transform;
