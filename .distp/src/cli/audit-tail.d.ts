import type { AuditRecord } from '../audit/index.js';
import type { CliIO } from './io.js';
/** One line per record: time, seq, type, then the fields an operator reads first. Probes say so. */
export declare function formatRecord(r: AuditRecord): string;
export declare function auditTailCommand(args: string[], io: CliIO): Promise<number>;
