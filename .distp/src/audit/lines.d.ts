export interface LineSink {
    /** A complete line (without its newline); `line` is 1-based. */
    line(text: string, line: number): void;
    /** Bytes after the last newline: a torn or still-being-written last line. */
    torn(bytes: number, line: number): void;
}
/**
 * Feeds every line of `path` from `offset` up to `limit` bytes (default: the size now) to `sink`.
 * UTF-8 never encodes a newline inside a multi-byte sequence, so each chunk splits at its last
 * newline; a line spread over chunks is joined once, when its newline arrives.
 * Returns the offset after the last complete line and the number of lines fed.
 */
export declare function readLines(path: string, sink: LineSink, o?: {
    offset?: number;
    limit?: number;
    firstLine?: number;
}): Promise<{
    offset: number;
    lines: number;
}>;
