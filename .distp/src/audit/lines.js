/** @module audit/lines: a segment's lines, read in large chunks up to a recorded size (the fs edge of every reader). */
import { open } from 'node:fs/promises';
const CHUNK = 4 * 1024 * 1024;
/** No record is longer (a 64 MiB body recorded in full is far below): beyond it a line is skipped as malformed. */
const MAX_LINE = 256 * 1024 * 1024;
/**
 * Feeds every line of `path` from `offset` up to `limit` bytes (default: the size now) to `sink`.
 * UTF-8 never encodes a newline inside a multi-byte sequence, so each chunk splits at its last
 * newline; a line spread over chunks is joined once, when its newline arrives.
 * Returns the offset after the last complete line and the number of lines fed.
 */
export async function readLines(path, sink, o = {}) {
    const fh = await open(path, 'r');
    try {
        const limit = o.limit ?? (await fh.stat()).size;
        let pos = o.offset ?? 0;
        let lineNo = o.firstLine ?? 1;
        let carry = [];
        let carried = 0;
        let done = pos;
        let skipping = false;
        while (pos < limit) {
            const buf = Buffer.allocUnsafe(Math.min(CHUNK, limit - pos));
            const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
            if (bytesRead <= 0)
                break;
            pos += bytesRead;
            const chunk = buf.subarray(0, bytesRead);
            const first = chunk.indexOf(0x0a);
            if (first < 0) {
                if (!skipping)
                    carry.push(chunk);
                carried += bytesRead;
                if (carried > MAX_LINE && !skipping) {
                    skipping = true;
                    carry = [];
                }
                continue;
            }
            // The line the carry started ends at `first`.
            if (skipping)
                sink.line('(a line longer than 256 MiB)', lineNo++);
            else if (carried > 0)
                sink.line(Buffer.concat([...carry, chunk.subarray(0, first)]).toString('utf8'), lineNo++);
            else
                sink.line(chunk.toString('utf8', 0, first), lineNo++);
            skipping = false;
            const last = chunk.lastIndexOf(0x0a);
            if (last > first)
                for (const text of chunk.toString('utf8', first + 1, last).split('\n'))
                    sink.line(text, lineNo++);
            done += carried + last + 1;
            carry = last + 1 < bytesRead ? [chunk.subarray(last + 1)] : [];
            carried = bytesRead - last - 1;
        }
        if (carried > 0)
            sink.torn(carried, lineNo);
        return { offset: done, lines: lineNo - (o.firstLine ?? 1) };
    }
    finally {
        await fh.close();
    }
}
//# sourceMappingURL=lines.js.map