import type { RecordAt } from './scan.js';
import type { AuditRecord } from './types.js';
import type { AuditFault, VerifyOptions } from './verify-types.js';
/**
 * Follows every log under a path: the first `poll` reads everything, each later one only the
 * complete lines appended since (a line still being written waits for the next poll). One
 * verifier per log sees every line once, so following costs what reading once does.
 */
export declare class LogFollower {
    #private;
    constructor(path: string, opts?: VerifyOptions);
    /** Feeds new records to `onRecord`; returns the faults found in them. */
    poll(onRecord: (r: AuditRecord, at: RecordAt) => void): Promise<AuditFault[]>;
}
