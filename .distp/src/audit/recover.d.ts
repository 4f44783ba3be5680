import { MerkleFrontier } from './merkle.js';
import type { SegmentRef } from './segment.js';
import type { AuditPublicKey, AuditRecord } from './types.js';
import type { BaseCheckpoint } from './base.js';
/** Where a log left off: what the next record chains to, and how it ended. */
export interface LogState {
    nextSeq: number;
    lastHash: string;
    frontier: MerkleFrontier;
    lastRecord: AuditRecord | null;
    /** Type of the record before the last one (to tell a clean `stop`+`checkpoint` ending). */
    prevType: string | null;
    lastCheckpointSeq: number | null;
}
export interface TailScan {
    /** Bytes of the segment that hold valid, chained, newline-terminated records. */
    goodBytes: number;
    cutBytes: number;
    /** Lines in the cut that are themselves well-formed records (not a simple torn write). */
    cutRecords: number;
    /** Checkpoints inside the cut: the cut reaches below a checkpoint. */
    cutCheckpoints: number;
    firstCutLine: number;
}
export declare function emptyLogState(): LogState;
/**
 * Pure: reads records from `bytes` while each is valid and chains onto `state`, mutating it;
 * returns what follows the last good record.
 */
export declare function scanSegment(bytes: Buffer, state: LogState): TailScan;
export interface Recovery {
    state: LogState;
    /** Present when the last segment had a torn tail that was cut. */
    cut?: TailScan & {
        file: string;
        savedAs: string;
        sha256: string;
    };
    /** True when the previous run ended with `stop` then `checkpoint`. */
    clean: boolean;
    /** True when there was any previous record. */
    existed: boolean;
    /** The size of the base checkpoint the state started from, or null when every segment was read. */
    base: number | null;
    /** Segments read to rebuild the state: those after the base, or all of them. */
    segmentsRead: number;
}
/**
 * Rebuilds the chain state from the segments of one process. With a usable base checkpoint (signed
 * by `signer`, and the next segment chains onto it) only the segments after it are read, so opening
 * costs the same however long the log is. Earlier segments must be whole; the last one may end in a
 * torn tail, which is saved beside it, then truncated away.
 */
export declare function recoverLog(segments: readonly SegmentRef[], now: number, o?: {
    bases?: readonly BaseCheckpoint[];
    signer?: AuditPublicKey;
}): Promise<Recovery>;
