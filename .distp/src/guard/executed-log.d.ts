import type { AuditWriter } from '../audit/index.js';
import type { SigningKey } from '../binding/index.js';
import type { ReplayStore } from './types.js';
export interface ExecutedLog {
    audit: AuditWriter;
    /** True when a volatile store was refilled, so the restart rule is not needed (GuardOptions.replaySeeded). */
    seeded: boolean;
}
/**
 * Opens the executed log (process `guard`, signed with the guard's own key) and, for a store that
 * forgot its nonces on restart, claims again every nonce the log shows accepted and still in its
 * window. The store counts as refilled only if the log holds this guard's earlier records: a log
 * that is new, empty or was lost (ephemeral storage) leaves the restart rule on, so a captured
 * request cannot run again after a restart.
 */
export declare function openExecutedLog(o: {
    dir: string;
    key: SigningKey;
    audience: string;
    replay: ReplayStore;
    nowMs: number;
    skewSeconds?: number;
    log: (line: string) => void;
    /** Each group commit of the executed log (metrics). */
    onBatch?: (records: number, fsyncSeconds: number) => void;
}): Promise<ExecutedLog>;
