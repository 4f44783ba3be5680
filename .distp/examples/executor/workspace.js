/** @module examples/executor/workspace: maps `/workspace/...` onto a real directory, refusing every escape. */
import { lstat, mkdir, realpath } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';
export const VIRTUAL_ROOT = '/workspace';
export class ToolError extends Error {
    status;
    constructor(status, message) {
        super(message);
        this.status = status;
        this.name = 'ToolError';
    }
}
function within(root, p) {
    return p === root || p.startsWith(root.endsWith(sep) ? root : root + sep);
}
/**
 * The real path for a virtual path, spelled canonically: `/workspace` or `/workspace/a/b`, no empty,
 * `.` or `..` segment, no trailing slash, no NUL (the spelling the policy evaluated; DESIGN invariant 3).
 */
export function mapPath(root, virtual) {
    if (typeof virtual !== 'string')
        throw new ToolError(400, 'path must be a string');
    if (virtual === VIRTUAL_ROOT)
        return root;
    if (!virtual.startsWith(VIRTUAL_ROOT + '/'))
        throw new ToolError(403, `path must be under ${VIRTUAL_ROOT}`);
    const segs = virtual.slice(VIRTUAL_ROOT.length + 1).split('/');
    if (segs.some((s) => s === '' || s === '.' || s === '..' || s.includes('\0') || s.includes('\\'))) {
        throw new ToolError(403, 'path is not in canonical form');
    }
    return join(root, ...segs);
}
/** Resolves symlinks and refuses a target that leaves the workspace. */
export async function confineExisting(root, real) {
    const rootReal = await realpath(root);
    let resolved;
    try {
        resolved = await realpath(real);
    }
    catch {
        throw new ToolError(404, 'no such file or directory');
    }
    if (!within(rootReal, resolved))
        throw new ToolError(403, 'path leaves the workspace');
    return resolved;
}
/** For a write: the nearest existing ancestor must resolve inside the workspace; creates the parents; refuses a symlink target. */
export async function confineForWrite(root, real) {
    const rootReal = await realpath(root);
    let probe = dirname(real);
    for (;;) {
        try {
            const r = await realpath(probe);
            if (!within(rootReal, r))
                throw new ToolError(403, 'path leaves the workspace');
            break;
        }
        catch (e) {
            if (e instanceof ToolError)
                throw e;
            const up = dirname(probe);
            if (up === probe)
                throw new ToolError(403, 'path leaves the workspace');
            probe = up;
        }
    }
    await mkdir(dirname(real), { recursive: true });
    const parent = await realpath(dirname(real));
    if (!within(rootReal, parent))
        throw new ToolError(403, 'path leaves the workspace');
    try {
        if ((await lstat(real)).isSymbolicLink())
            throw new ToolError(403, 'refusing to write through a symlink');
    }
    catch (e) {
        if (e instanceof ToolError)
            throw e;
    }
    return join(parent, real.slice(dirname(real).length + 1));
}
//# sourceMappingURL=workspace.js.map