/** @module audit/base-file: read and atomically write `<dir>/<process>-<size>.base.json` (the fs edge of audit/base). */
import { open, readFile, readdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { baseFileName, parseBase } from './base.js';
/** Every base of `process` in `dir` that parses, smallest size first (none when the folder has none). */
export async function readBaseFiles(dir, process) {
    let names;
    try {
        names = await readdir(dir);
    }
    catch {
        return [];
    }
    const out = [];
    for (const name of names) {
        const m = /^(.+)-(\d{12,})\.base\.json$/.exec(name);
        if (m === null || m[1] !== process)
            continue;
        const b = parseBase(await readFile(join(dir, name), 'utf8').catch(() => ''));
        if (b !== null && b.size === Number(m[2]))
            out.push(b);
    }
    return out.sort((a, b) => a.size - b.size);
}
/** Writes a base durably: a temporary file, fsync, rename into place, fsync of the directory. */
export async function writeBaseFile(dir, process, base) {
    const path = join(dir, baseFileName(process, base.size));
    const tmp = `${path}.tmp`;
    const fh = await open(tmp, 'w', 0o640);
    try {
        await fh.writeFile(JSON.stringify(base, null, 2) + '\n');
        await fh.sync();
    }
    finally {
        await fh.close();
    }
    await rename(tmp, path);
    const d = await open(dir, 'r');
    try {
        await d.sync();
    }
    finally {
        await d.close();
    }
}
//# sourceMappingURL=base-file.js.map