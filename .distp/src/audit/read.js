/** @module audit/read: the fs edge for auditors: load segments, verify them, list their records. */
import { readFile } from 'node:fs/promises';
import { parseLine } from './record.js';
import { resolveLogPath } from './segment.js';
import { scanLog } from './scan.js';
import { NoLogError, snapshotPath } from './snapshot.js';
/** Every log under `path` (a segment FILE or a DIR), as text, keyed by process. */
export async function readLogFiles(path) {
    const out = new Map();
    for (const [proc, refs] of await resolveLogPath(path)) {
        const files = [];
        for (const ref of refs)
            files.push({ name: ref.path, text: await readFile(ref.path, 'utf8'), startSeq: ref.startSeq });
        out.set(proc, files);
    }
    return out;
}
/** Verifies each process's log under `path`, streaming (empty when there is none). */
export async function verifyPath(path, opts = {}) {
    const out = new Map();
    let logs;
    try {
        logs = await snapshotPath(path);
    }
    catch (e) {
        if (e instanceof NoLogError)
            return out;
        throw e;
    }
    for (const log of logs)
        out.set(log.process, await scanLog(log, opts));
    return out;
}
/** The parseable records under `path`, in file order (integrity is `verifyPath`'s job). */
export async function readRecords(path) {
    const out = [];
    for (const files of (await readLogFiles(path)).values()) {
        for (const f of files)
            out.push(...parseRecords(f.text));
    }
    return out;
}
/** Parses JSONL text leniently: records whose envelope parses, tampered or not. */
export function parseRecords(text) {
    const out = [];
    for (const line of text.split('\n')) {
        if (line === '')
            continue;
        const p = parseLine(line);
        if (p.ok)
            out.push(p.record);
        else if (p.record !== undefined)
            out.push(p.record);
    }
    return out;
}
//# sourceMappingURL=read.js.map