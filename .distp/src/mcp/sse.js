/** @module mcp/sse: server-sent events passed through block by block, rewriting only the events asked for. */
import { Transform } from 'node:stream';
/**
 * Reads the fields of one raw event block. Lines are `field: value` (one leading space after the
 * colon is dropped), comments start with `:`; unknown fields are ignored, as the spec says.
 */
export function parseEventBlock(block) {
    const data = [];
    const ev = { data: '' };
    for (const line of block.split(/\r\n|\r|\n/)) {
        if (line === '' || line.startsWith(':'))
            continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        let value = colon < 0 ? '' : line.slice(colon + 1);
        if (value.startsWith(' '))
            value = value.slice(1);
        if (field === 'data')
            data.push(value);
        else if (field === 'id')
            ev.id = value;
        else if (field === 'event')
            ev.event = value;
    }
    ev.data = data.join('\n');
    return ev;
}
/** One event as a block: id, event, one `data:` line per line of data, then a blank line. */
export function serializeEvent(ev) {
    let out = '';
    if (ev.id !== undefined)
        out += `id: ${ev.id}\n`;
    if (ev.event !== undefined)
        out += `event: ${ev.event}\n`;
    for (const line of ev.data.split('\n'))
        out += `data: ${line}\n`;
    return `${out}\n`;
}
// An event ends at a blank line: two line breaks in a row, in any of the three spellings.
const BLOCK_END = /(\r\n|\r|\n)(\r\n|\r|\n)/;
/**
 * Passes an event stream through incrementally, one complete event block at a time. `rewrite`
 * sees each block's event and returns replacement data, or undefined to pass the block on byte for
 * byte (priming events, comments and retry fields included). A block longer than `maxBlock`
 * characters fails the stream rather than buffer without bound.
 */
export function sseRewriter(rewrite, maxBlock = 16 * 1024 * 1024) {
    const decoder = new TextDecoder('utf-8');
    let pending = '';
    const drain = (push, final) => {
        for (let m = BLOCK_END.exec(pending); m !== null; m = BLOCK_END.exec(pending)) {
            const end = m.index + m[0].length;
            const raw = pending.slice(0, end);
            pending = pending.slice(end);
            const ev = parseEventBlock(raw);
            const data = ev.data === '' ? undefined : rewrite(ev);
            push(data === undefined ? raw : serializeEvent({ ...ev, data }));
        }
        if (final && pending !== '')
            push(pending);
    };
    return new Transform({
        transform(chunk, _enc, cb) {
            pending += decoder.decode(chunk, { stream: true });
            drain((s) => this.push(s), false);
            if (pending.length > maxBlock)
                return cb(new Error(`an event longer than ${maxBlock} characters`));
            cb();
        },
        flush(cb) {
            pending += decoder.decode();
            drain((s) => this.push(s), true);
            cb();
        },
    });
}
//# sourceMappingURL=sse.js.map