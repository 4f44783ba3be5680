import type { BaseCheckpoint } from './base.js';
export interface SegmentSnapshot {
    path: string;
    startSeq: number;
    /** Bytes of the segment at the snapshot: a reader reads no further, whatever is appended later. */
    size: number;
}
/** One process's log, as it stood when the snapshot was taken. */
export interface LogSnapshot {
    /** The path the reader was given (a DIR or a segment FILE). */
    source: string;
    process: string;
    /** How findings name this log: the source, and the process when a DIR holds several. */
    label: string;
    segments: SegmentSnapshot[];
    /** The base checkpoints beside the segments, smallest first (for a single FILE: the one it starts at). */
    bases: BaseCheckpoint[];
}
/** Why a path given to a reader holds no log: missing, or no segment files in it. */
export declare class NoLogError extends Error {
    readonly path: string;
    constructor(path: string, why: string);
}
/**
 * Records the size of every segment under `path`, per process. Read with these sizes, a log that a
 * writer keeps appending to reads as the consistent prefix it was at this instant.
 * @throws NoLogError when `path` does not exist or holds no segment
 */
export declare function snapshotPath(path: string): Promise<LogSnapshot[]>;
/** Snapshots of several paths, in the order given. */
export declare function snapshotPaths(paths: readonly string[]): Promise<LogSnapshot[]>;
