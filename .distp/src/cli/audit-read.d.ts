/** @module cli/audit-read: what tail and export share: filtered, verified reading, and the warning over records that do not verify. */
import type { AuditFault, AuditFilter, AuditPublicKey, AuditRecord, RecordAt } from '../audit/index.js';
import type { CliIO } from './io.js';
export interface FilteredReader {
    /** Reads what is new under every path; matching records go to `onRecord`; returns the new faults. */
    poll(onRecord: (r: AuditRecord, at: RecordAt) => void): Promise<AuditFault[]>;
}
/** Followers over `paths` (in order), one record filter across them: a record learns its decision's fields first. */
export declare function filteredReader(paths: readonly string[], filter: AuditFilter, trustedKeys: readonly AuditPublicKey[] | undefined): FilteredReader;
/** The warning on stderr over records that do not verify, and what to do next. */
export declare function warnFaults(io: CliIO, faults: readonly AuditFault[], paths: readonly string[]): void;
