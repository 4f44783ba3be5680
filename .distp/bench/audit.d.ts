export interface AuditBenchResult {
    mode: string;
    concurrency: number;
    records: number;
    fsyncs: number;
    seconds: number;
    recordsPerSec: number;
    fsyncsPerSec: number;
}
