/** @module audit/scan: one pass over a log snapshot that verifies it and hands each record to the caller. */
import { readLines } from './lines.js';
import { LogVerifier } from './verify.js';
/**
 * Reads every segment of the snapshot up to its recorded size, verifying as it goes, in one pass.
 * Live: a torn last line of the last segment is a write in progress, not a fault.
 */
export async function scanLog(log, opts = {}) {
    const v = new LogVerifier(opts, log.bases);
    const onRecord = opts.onRecord;
    for (const [i, seg] of log.segments.entries()) {
        const last = i === log.segments.length - 1;
        v.file(seg.path, seg.startSeq);
        await readLines(seg.path, {
            line(text, line) {
                const r = v.line(text, line);
                if (r !== null && onRecord !== undefined)
                    onRecord(r.record, { log, file: seg.path, line, intact: r.intact });
            },
            torn: (bytes, line) => v.torn(bytes, line, opts.live === true && last),
        }, { limit: seg.size });
    }
    return v.finish();
}
/** Records of the snapshot, leniently: every line whose envelope parses, tampered or not, in file order. */
export async function collectRecords(log) {
    const out = [];
    await scanLog(log, { live: true, onRecord: (r) => out.push(r) });
    return out;
}
//# sourceMappingURL=scan.js.map