/** @module audit/verify: checks a log's chain, hashes, checkpoints and ending, one line at a time, in O(log n) work per record; pure. */
import type { BaseCheckpoint } from './base.js';
import type { AuditRecord } from './types.js';
import type { AuditFault, VerifyFile, VerifyOptions, VerifyReport } from './verify-types.js';
/** What `line()` read: the record (intact or not), or null for a line that is no record at all. */
export interface LineResult {
    record: AuditRecord;
    intact: boolean;
}
/**
 * Verifies one process's log fed line by line, segment by segment, in seq order. Memory is 32 bytes
 * a record (for duplicates and reordered checkpoints) plus O(log n); a checkpoint costs one fold of
 * the frontier, so verifying is linear in the log. Never throws on bad input.
 */
export declare class LogVerifier {
    #private;
    constructor(opts?: VerifyOptions, bases?: readonly BaseCheckpoint[]);
    /** The faults found so far (a follower reads them between polls). */
    get faults(): readonly AuditFault[];
    /** Starts a segment; `startSeq` from its name, when known. */
    file(name: string, startSeq?: number): void;
    /** Feeds one complete line (without its newline). */
    line(text: string, lineNo: number): LineResult | null;
    /** Bytes after the last newline of the current segment. In a live log's last segment, a write in progress. */
    torn(bytes: number, lineNo: number, live?: boolean): void;
    finish(): VerifyReport;
}
/** Verifies one process's log: its segments in order, as text. Never throws on bad input. */
export declare function verifyLog(files: readonly VerifyFile[], opts?: VerifyOptions, bases?: readonly BaseCheckpoint[]): VerifyReport;
