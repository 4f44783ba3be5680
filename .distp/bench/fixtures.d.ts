import type { ChildProcess } from 'node:child_process';
export interface Child {
    port: number;
    child: ChildProcess;
    stop(): Promise<void>;
}
/** Forks `dist/bench/<script>.js` and waits for its port over IPC. BENCH_PROF=DIR writes CPU profiles there. */
export declare function forkChild(script: string, args: string[]): Promise<Child>;
