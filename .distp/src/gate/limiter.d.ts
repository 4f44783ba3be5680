/** Schedules `fn` after `ms`; returns a cancel function. Injected so tests drive time by hand. */
export type Timer = (fn: () => void, ms: number) => () => void;
export interface Limiter {
    /** Waits for a slot (in FIFO order, at most `queueTimeoutMs`); resolves with its release. */
    acquire(): Promise<() => void>;
    run<T>(task: () => Promise<T>): Promise<T>;
    readonly active: number;
    readonly queued: number;
}
/**
 * At most `maxConcurrent` tasks run; up to `maxQueue` wait in FIFO order, each at most
 * `queueTimeoutMs`; beyond either the call is refused at once (503, jittered Retry-After) rather than
 * piling up behind a failing upstream (DESIGN invariant 7).
 */
export declare function createLimiter(maxConcurrent: number, maxQueue: number, queueTimeoutMs?: number, timer?: Timer): Limiter;
