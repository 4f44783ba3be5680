export declare const VIRTUAL_ROOT = "/workspace";
export declare class ToolError extends Error {
    readonly status: number;
    constructor(status: number, message: string);
}
/**
 * The real path for a virtual path, spelled canonically: `/workspace` or `/workspace/a/b`, no empty,
 * `.` or `..` segment, no trailing slash, no NUL (the spelling the policy evaluated; DESIGN invariant 3).
 */
export declare function mapPath(root: string, virtual: unknown): string;
/** Resolves symlinks and refuses a target that leaves the workspace. */
export declare function confineExisting(root: string, real: string): Promise<string>;
/** For a write: the nearest existing ancestor must resolve inside the workspace; creates the parents; refuses a symlink target. */
export declare function confineForWrite(root: string, real: string): Promise<string>;
