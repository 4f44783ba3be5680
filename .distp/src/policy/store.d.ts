import { VerbatimError } from '../errors/index.js';
import type { CompiledPolicy } from './compile.js';
export type ReloadResult = {
    ok: true;
    digest: string;
} | {
    ok: false;
    error: VerbatimError;
};
/** Watches one folder and reports the name of each entry that changed (null when unknown). */
export type WatchFolder = (dir: string, onChange: (name: string | null) => void) => {
    close(): void;
};
export interface PolicyStoreOptions {
    /** Replaces loadPolicy (tests inject one). */
    load?: (paths: string[]) => Promise<CompiledPolicy>;
    /** Quiet time after the last file event before a reload; default 100 ms. */
    debounceMs?: number;
    /** Replaces node:fs watch (tests inject one). */
    watchFolder?: WatchFolder;
    /** Runs `task` after `ms` and returns its cancel; default setTimeout (tests inject fake timers). */
    after?: (ms: number, task: () => void | Promise<unknown>) => () => void;
}
/**
 * Holds the last good policy. A reload that fails keeps serving the previous policy; with no
 * previous policy there is nothing to serve, so `open` throws and the gate refuses to start.
 */
export declare class PolicyStore {
    #private;
    readonly paths: readonly string[];
    constructor(paths: string[], options?: PolicyStoreOptions);
    /** Loads the policy once; throws ERR_POLICY_INVALID when it does not load. */
    static open(paths: string[], options?: PolicyStoreOptions): Promise<PolicyStore>;
    /** The policy in force. */
    get current(): CompiledPolicy;
    get digest(): string | undefined;
    /** Loads again; on failure the last good policy stays in force. Reloads run one at a time. */
    reload(): Promise<ReloadResult>;
    /** Reloads after file changes (debounced) and reports each outcome. Watches parent folders of files, so renames by editors count. */
    watch(onChange: (r: ReloadResult) => void): void;
    /** Stops watching. */
    close(): void;
}
