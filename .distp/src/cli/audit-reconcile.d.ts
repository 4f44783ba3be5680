import type { AuditFilter, ReconcileRun } from '../audit/index.js';
import type { CliIO } from './io.js';
export declare function auditReconcileCommand(args: string[], io: CliIO): Promise<number>;
/** The JSON form, which `audit report --json` shares. */
export declare function reconcileJson(run: ReconcileRun, o: {
    graceMs: number;
    now: number;
    filter: AuditFilter;
    trusted: boolean;
}): Record<string, unknown>;
export declare function renderReconcile(run: ReconcileRun, filter: AuditFilter, trusted: boolean): string[];
export declare function describeFilter(f: AuditFilter): string;
