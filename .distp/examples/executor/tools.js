/** @module examples/executor/tools: fs.read, fs.write, fs.list (confined to the workspace) and shell.exec (argv, no shell). */
import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { open, readdir, readFile } from 'node:fs/promises';
import { ToolError, confineExisting, confineForWrite, mapPath } from './workspace.js';
function obj(value) {
    if (typeof value !== 'object' || value === null || Array.isArray(value))
        throw new ToolError(400, 'arguments must be an object');
    return value;
}
const fsRead = async (a, ctx) => {
    const real = await confineExisting(ctx.workspace, mapPath(ctx.workspace, a.path));
    const max = ctx.maxReadBytes ?? 1024 * 1024;
    const buf = await readFile(real).catch(() => { throw new ToolError(404, 'cannot read file'); });
    if (buf.byteLength > max)
        throw new ToolError(413, `file is larger than ${max} bytes`);
    return { path: a.path, content: buf.toString('utf8'), bytes: buf.byteLength };
};
const fsWrite = async (a, ctx) => {
    if (typeof a.content !== 'string')
        throw new ToolError(400, 'content must be a string');
    const real = await confineForWrite(ctx.workspace, mapPath(ctx.workspace, a.path));
    // O_NOFOLLOW: a symlink swapped in after the check is refused, not followed.
    const fh = await open(real, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW, 0o644);
    try {
        await fh.writeFile(a.content, 'utf8');
    }
    finally {
        await fh.close();
    }
    return { path: a.path, bytes: Buffer.byteLength(a.content) };
};
const fsList = async (a, ctx) => {
    const real = await confineExisting(ctx.workspace, mapPath(ctx.workspace, a.path));
    const entries = await readdir(real, { withFileTypes: true }).catch(() => { throw new ToolError(400, 'not a directory'); });
    return { path: a.path, entries: entries.map((e) => ({ name: e.name, type: e.isDirectory() ? 'dir' : e.isFile() ? 'file' : 'other' })).sort((x, y) => (x.name < y.name ? -1 : 1)) };
};
const shellExec = async (a, ctx) => {
    const argv = a.argv;
    if (!Array.isArray(argv) || argv.length === 0 || !argv.every((s) => typeof s === 'string'))
        throw new ToolError(400, 'argv must be a non-empty array of strings');
    const maxT = ctx.maxTimeoutMs ?? 60_000;
    const t = a.timeoutMs === undefined ? (ctx.defaultTimeoutMs ?? 10_000) : a.timeoutMs;
    if (typeof t !== 'number' || !Number.isSafeInteger(t) || t < 1)
        throw new ToolError(400, 'timeoutMs must be a positive integer');
    const cap = ctx.maxOutputBytes ?? 64 * 1024;
    const [file, ...args] = argv;
    return new Promise((resolve, reject) => {
        // No shell: argv goes to execve as is, so nothing re-parses it.
        const child = spawn(file, args, { cwd: ctx.workspace, shell: false, stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: ctx.workspace, LANG: 'C.UTF-8' } });
        const out = { stdout: [], stderr: [], n: { stdout: 0, stderr: 0 } };
        let truncated = false;
        let timedOut = false;
        const take = (which) => (c) => {
            const room = cap - out.n[which];
            if (c.byteLength > room) {
                truncated = true;
                if (room > 0)
                    out[which].push(c.subarray(0, room));
                out.n[which] = cap;
                child.kill('SIGKILL');
                return;
            }
            out[which].push(c);
            out.n[which] += c.byteLength;
        };
        child.stdout.on('data', take('stdout'));
        child.stderr.on('data', take('stderr'));
        const timer = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, Math.min(t, maxT));
        child.on('error', (e) => { clearTimeout(timer); reject(new ToolError(400, `cannot run ${file}: ${e.code ?? e.message}`)); });
        child.on('close', (code, signal) => {
            clearTimeout(timer);
            resolve({ exitCode: code, signal, timedOut, truncated, stdout: Buffer.concat(out.stdout).toString('utf8'), stderr: Buffer.concat(out.stderr).toString('utf8') });
        });
    });
};
export const TOOLS = { 'fs.read': fsRead, 'fs.write': fsWrite, 'fs.list': fsList, 'shell.exec': shellExec };
/** Runs a tool on the verified value. Throws ToolError (status + message) for a refusal of the tool itself. */
export async function runTool(name, value, ctx) {
    const tool = Object.hasOwn(TOOLS, name) ? TOOLS[name] : undefined;
    if (tool === undefined)
        throw new ToolError(404, `unknown tool ${name}`);
    return tool(obj(value), ctx);
}
//# sourceMappingURL=tools.js.map