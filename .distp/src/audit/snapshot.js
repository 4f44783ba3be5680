/** @module audit/snapshot: which bytes of which segments a reader reads, fixed at one instant (the fs edge). */
import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { readBaseFiles } from './base-file.js';
import { resolveLogPath } from './segment.js';
/** Why a path given to a reader holds no log: missing, or no segment files in it. */
export class NoLogError extends Error {
    path;
    constructor(path, why) {
        super(`${path}: ${why}`);
        this.path = path;
        this.name = 'NoLogError';
    }
}
/**
 * Records the size of every segment under `path`, per process. Read with these sizes, a log that a
 * writer keeps appending to reads as the consistent prefix it was at this instant.
 * @throws NoLogError when `path` does not exist or holds no segment
 */
export async function snapshotPath(path) {
    let isDir;
    try {
        isDir = (await stat(path)).isDirectory();
    }
    catch {
        throw new NoLogError(path, 'no such file or directory');
    }
    const groups = await resolveLogPath(path);
    if (groups.size === 0)
        throw new NoLogError(path, 'holds no audit log (no <process>-<seq>.jsonl segment files)');
    const out = [];
    for (const [proc, refs] of groups) {
        // The base first, sizes after: a base is written only once the records it seals are durable,
        // so the sizes taken after it always reach it.
        let bases = await readBaseFiles(isDir ? path : dirname(path), proc);
        if (!isDir)
            bases = bases.filter((b) => b.size === refs[0]?.startSeq);
        const segments = [];
        for (const r of refs)
            segments.push({ path: r.path, startSeq: r.startSeq, size: (await stat(r.path)).size });
        out.push({ source: path, process: proc, label: groups.size > 1 ? `${path} (${proc})` : path, segments, bases });
    }
    return out;
}
/** Snapshots of several paths, in the order given. */
export async function snapshotPaths(paths) {
    const out = [];
    for (const p of paths)
        out.push(...(await snapshotPath(p)));
    return out;
}
//# sourceMappingURL=snapshot.js.map