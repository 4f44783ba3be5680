import type { LogSnapshot } from './snapshot.js';
import type { AuditRecord } from './types.js';
export type LogRole = 'approved' | 'executed' | 'unknown';
/** Pure: the role the records show. The gate writes decisions and policy; the guard, executions and an audience. */
export declare function roleOf(records: readonly AuditRecord[]): LogRole;
/** The role of a log from the first 64 KiB of each segment until one shows it. @throws NoLogError for a log with no records */
export declare function logRole(log: LogSnapshot): Promise<LogRole>;
/** A wrong argument to an audit command: swapped or wrong logs. The CLI exits 2 on it. */
export declare class AuditUsageError extends Error {
    constructor(message: string);
}
/**
 * Keeps, of the logs under each path, those of the role it was given for (a folder may hold both),
 * and refuses a path that holds none: a reconcile of swapped logs would otherwise find nothing to
 * join and say OK.
 * @throws AuditUsageError
 */
export declare function sortRoles(approved: readonly LogSnapshot[], executed: readonly LogSnapshot[]): Promise<{
    approved: LogSnapshot[];
    executed: LogSnapshot[];
}>;
