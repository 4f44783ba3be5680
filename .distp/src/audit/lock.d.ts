/**
 * Takes `<dir>/<process>.lock`. Two writers on one log would each chain from the same tail, and
 * the next recovery would cut the other's acknowledged records; so a live holder refuses the open.
 * A lock left by a dead process (kill -9) or by this pid in an earlier life (a container's pid 1)
 * is taken over. One process opens one writer per log; that is the caller's contract.
 * Returns the release function.
 */
export declare function lockLog(dir: string, processName: string): Promise<() => Promise<void>>;
