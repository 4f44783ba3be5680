/** @module policy/store: the edge that holds the last good policy and reloads it (fail closed). */
import { watch as fsWatch } from 'node:fs';
import { statSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { VerbatimError, isVerbatimError } from '../errors/index.js';
import { loadPolicy } from './load.js';
const nodeWatchFolder = (dir, onChange) => fsWatch(dir, (_event, name) => onChange(name === null ? null : String(name)));
function nodeAfter(ms, task) {
    const t = setTimeout(() => void task(), ms);
    return () => clearTimeout(t);
}
/**
 * Holds the last good policy. A reload that fails keeps serving the previous policy; with no
 * previous policy there is nothing to serve, so `open` throws and the gate refuses to start.
 */
export class PolicyStore {
    paths;
    #current;
    #load;
    #debounceMs;
    #watchers = [];
    #cancel = () => undefined;
    #watchFolder;
    #after;
    #queue = Promise.resolve();
    constructor(paths, options = {}) {
        this.paths = [...paths];
        this.#load = options.load ?? loadPolicy;
        this.#debounceMs = options.debounceMs ?? 100;
        this.#watchFolder = options.watchFolder ?? nodeWatchFolder;
        this.#after = options.after ?? nodeAfter;
    }
    /** Loads the policy once; throws ERR_POLICY_INVALID when it does not load. */
    static async open(paths, options = {}) {
        const store = new PolicyStore(paths, options);
        const r = await store.reload();
        if (!r.ok)
            throw r.error;
        return store;
    }
    /** The policy in force. */
    get current() {
        if (this.#current === undefined)
            throw new VerbatimError('ERR_POLICY_INVALID', 'no policy has loaded');
        return this.#current;
    }
    get digest() {
        return this.#current?.digest;
    }
    /** Loads again; on failure the last good policy stays in force. Reloads run one at a time. */
    reload() {
        const run = async () => {
            try {
                const next = await this.#load([...this.paths]);
                this.#current = next;
                return { ok: true, digest: next.digest };
            }
            catch (e) {
                const error = isVerbatimError(e) ? e : new VerbatimError('ERR_POLICY_INVALID', e.message, { cause: e });
                return { ok: false, error };
            }
        };
        const p = this.#queue.then(run, run);
        this.#queue = p;
        return p;
    }
    /** Reloads after file changes (debounced) and reports each outcome. Watches parent folders of files, so renames by editors count. */
    watch(onChange) {
        const fire = () => {
            this.#cancel();
            this.#cancel = this.#after(this.#debounceMs, () => this.reload().then(onChange));
        };
        for (const p of this.paths) {
            let isDir = false;
            try {
                isDir = statSync(p).isDirectory();
            }
            catch { /* a missing file may appear later */ }
            const dir = isDir ? p : dirname(p);
            const only = isDir ? undefined : basename(p);
            const w = this.#watchFolder(dir, (name) => {
                if (only === undefined || name === null || name === only)
                    fire();
            });
            this.#watchers.push(w);
        }
    }
    /** Stops watching. */
    close() {
        this.#cancel();
        for (const w of this.#watchers)
            w.close();
        this.#watchers = [];
    }
}
//# sourceMappingURL=store.js.map