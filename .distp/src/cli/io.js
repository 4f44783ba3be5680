/** @module cli/io: the streams a command writes to, injected so tests can capture them. */
import { readFile } from 'node:fs/promises';
export function processIO() {
    return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env };
}
/** Reads a whole file, or stdin when the path is `-` or absent, as raw bytes. */
export async function readInput(path, io) {
    if (path !== undefined && path !== '-')
        return new Uint8Array(await readFile(path));
    const chunks = [];
    for await (const chunk of io.stdin)
        chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
    return new Uint8Array(Buffer.concat(chunks));
}
//# sourceMappingURL=io.js.map