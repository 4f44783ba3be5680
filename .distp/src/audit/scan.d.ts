import type { LogSnapshot } from './snapshot.js';
import type { AuditRecord } from './types.js';
import type { VerifyOptions, VerifyReport } from './verify-types.js';
/** Where a record was read. `intact`: its own hash holds (the chain and signatures are the report's). */
export interface RecordAt {
    log: LogSnapshot;
    file: string;
    line: number;
    intact: boolean;
}
export interface ScanOptions extends VerifyOptions {
    onRecord?: (record: AuditRecord, at: RecordAt) => void;
}
/**
 * Reads every segment of the snapshot up to its recorded size, verifying as it goes, in one pass.
 * Live: a torn last line of the last segment is a write in progress, not a fault.
 */
export declare function scanLog(log: LogSnapshot, opts?: ScanOptions): Promise<VerifyReport>;
/** Records of the snapshot, leniently: every line whose envelope parses, tampered or not, in file order. */
export declare function collectRecords(log: LogSnapshot): Promise<AuditRecord[]>;
