export interface SegmentRef {
    path: string;
    process: string;
    startSeq: number;
}
export declare function segmentName(process: string, startSeq: number): string;
export declare function parseSegmentName(name: string): {
    process: string;
    startSeq: number;
} | null;
/** Process names become file names: keep them to a safe alphabet. */
export declare function assertProcessName(process: string): void;
/**
 * Segments in `dir`, grouped by process, each group in seq order. Only regular files count:
 * a symlink or device is never read as a segment.
 */
export declare function listSegments(dir: string): Promise<Map<string, SegmentRef[]>>;
/** A FILE is one segment; a DIR is every segment in it, grouped by process. */
export declare function resolveLogPath(path: string): Promise<Map<string, SegmentRef[]>>;
