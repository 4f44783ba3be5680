import type { AuditRecord } from '../audit/index.js';
import type { CliIO } from './io.js';
export declare const CSV_COLUMNS: readonly ["seq", "time", "type", "decisionId", "agent", "tool", "method", "target", "verdict", "code", "status", "digest", "keyid", "policyDigest", "latencyMs", "hash", "extra"];
export declare function csvRow(r: AuditRecord): string;
export declare function toCsv(records: readonly AuditRecord[]): string;
export declare function auditExportCommand(args: string[], io: CliIO): Promise<number>;
