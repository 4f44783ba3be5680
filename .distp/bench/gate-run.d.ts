import type { LoadResult } from './load.js';
export interface GateBenchResult {
    direct?: LoadResult;
    /** The median round by requests per second. */
    off: LoadResult;
    on: LoadResult;
    rounds: Record<'on' | 'off', LoadResult[]>;
}
/** Audit logs go to BENCH_AUDIT_DIR, else /var/tmp (a real disk, so fdatasync means something). */
export declare function runGateBench(opts: {
    seconds: number;
    concurrency: number;
    direct?: boolean;
    rounds?: number;
}): Promise<GateBenchResult>;
/** For bench:audit: gate req/s with the audit on and off. */
export declare function gateAuditOnOff(): Promise<{
    on: number;
    off: number;
}>;
