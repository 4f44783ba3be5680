import type { Logger } from 'pino';
export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';
export declare const LOG_LEVELS: readonly LogLevel[];
/** What one call's log line carries: ids, names, the verdict and timings. Never a token or an argument value. */
export interface CallLine {
    decisionId: string;
    agent?: string;
    tool?: string;
    verdict: string;
    code?: string;
    status?: number;
    traceparent?: string;
    /** Time in the gate (or guard), excluding the upstream, in ms. */
    overheadMs: number;
    /** Time waiting for the upstream (or executor), in ms. */
    upstreamMs?: number;
}
export interface Logs {
    logger: Logger;
    /** A lifecycle or operator line (the old string log), at info, or warn when it shouts. */
    line: (text: string) => void;
    call: (c: CallLine) => void;
}
/**
 * A pino logger to `destination` (stderr by default): JSON lines with `time`, `level`, `name`.
 * Lines written in capitals (REFUSING, RECEIPT FAULT, WARNING, FAILED) are warnings.
 */
export declare function createLogs(o?: {
    name: string;
    level?: LogLevel;
    destination?: NodeJS.WritableStream;
}): Logs;
