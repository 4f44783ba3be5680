import type { AuditRecord } from './types.js';
import type { VerifyFile, VerifyOptions, VerifyReport } from './verify-types.js';
/** Every log under `path` (a segment FILE or a DIR), as text, keyed by process. */
export declare function readLogFiles(path: string): Promise<Map<string, VerifyFile[]>>;
/** Verifies each process's log under `path`, streaming (empty when there is none). */
export declare function verifyPath(path: string, opts?: VerifyOptions): Promise<Map<string, VerifyReport>>;
/** The parseable records under `path`, in file order (integrity is `verifyPath`'s job). */
export declare function readRecords(path: string): Promise<AuditRecord[]>;
/** Parses JSONL text leniently: records whose envelope parses, tampered or not. */
export declare function parseRecords(text: string): AuditRecord[];
