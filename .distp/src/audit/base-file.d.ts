import type { BaseCheckpoint } from './base.js';
/** Every base of `process` in `dir` that parses, smallest size first (none when the folder has none). */
export declare function readBaseFiles(dir: string, process: string): Promise<BaseCheckpoint[]>;
/** Writes a base durably: a temporary file, fsync, rename into place, fsync of the directory. */
export declare function writeBaseFile(dir: string, process: string, base: BaseCheckpoint): Promise<void>;
