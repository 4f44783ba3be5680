/** @module audit/segment: segment file naming and listing (`<dir>/<process>-<startSeq>.jsonl`). */
import { lstat, readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
const SEQ_WIDTH = 12;
const NAME_RE = /^(.+)-(\d{12,})\.jsonl$/;
export function segmentName(process, startSeq) {
    return `${process}-${String(startSeq).padStart(SEQ_WIDTH, '0')}.jsonl`;
}
export function parseSegmentName(name) {
    const m = NAME_RE.exec(name);
    if (m === null)
        return null;
    return { process: m[1], startSeq: Number(m[2]) };
}
/** Process names become file names: keep them to a safe alphabet. */
export function assertProcessName(process) {
    if (!/^[A-Za-z0-9][A-Za-z0-9_.]{0,63}$/.test(process)) {
        throw new TypeError(`audit: process name '${process}' must match ^[A-Za-z0-9][A-Za-z0-9_.]{0,63}$`);
    }
}
/**
 * Segments in `dir`, grouped by process, each group in seq order. Only regular files count:
 * a symlink or device is never read as a segment.
 */
export async function listSegments(dir) {
    const groups = new Map();
    for (const name of (await readdir(dir)).sort()) {
        const parsed = parseSegmentName(name);
        if (parsed === null)
            continue;
        const path = join(dir, name);
        if (!(await lstat(path)).isFile())
            continue;
        const list = groups.get(parsed.process) ?? [];
        list.push({ path, ...parsed });
        groups.set(parsed.process, list);
    }
    for (const list of groups.values())
        list.sort((a, b) => a.startSeq - b.startSeq);
    return groups;
}
/** A FILE is one segment; a DIR is every segment in it, grouped by process. */
export async function resolveLogPath(path) {
    if ((await stat(path)).isDirectory())
        return listSegments(path);
    const parsed = parseSegmentName(basename(path));
    const ref = { path, process: parsed?.process ?? basename(path), startSeq: parsed?.startSeq ?? 0 };
    return new Map([[ref.process, [ref]]]);
}
//# sourceMappingURL=segment.js.map