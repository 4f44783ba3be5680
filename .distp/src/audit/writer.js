/** @module audit/writer: the one append-only, group-committed, fail-closed writer per process. */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { VerbatimError } from '../errors/index.js';
import { signBase } from './base.js';
import { NODE_TIMERS, baseBody, unavailable } from './writer-support.js';
import { readBaseFiles, writeBaseFile } from './base-file.js';
import { publicKeyEntry, signCheckpoint } from './checkpoint.js';
import { nodeAuditFs } from './fs-ops.js';
import { lockLog } from './lock.js';
import { buildRecord } from './record.js';
import { recoverLog } from './recover.js';
import { assertProcessName, listSegments, segmentName } from './segment.js';
const INTERNAL_TYPES = new Set(['start', 'stop', 'recovery', 'checkpoint']);
class Writer {
    recovery;
    failed = null;
    stats = { records: 0, fsyncs: 0, batches: 0 };
    #pending = [];
    #inflight = false;
    /** Settles when every datasync issued so far has finished; rejects on the first failure. */
    #synced = Promise.resolve();
    /** Batches written but not yet acknowledged. */
    #unacked = new Set();
    #scheduled = false;
    #closed = false;
    #file = null;
    #filePath = '';
    #segPath;
    #segBytes = 0;
    #sinceCheckpoint = 0;
    #stopTimer;
    #timers;
    #opts;
    #state;
    #fs;
    #now;
    #release;
    /** The base checkpoint to write when the segment it starts is first opened. */
    #pendingBase = null;
    constructor(opts, recovery, release) {
        this.recovery = recovery;
        this.#opts = opts;
        this.#release = release;
        this.#state = recovery.state;
        this.#fs = opts.fs ?? nodeAuditFs;
        this.#now = opts.now ?? Date.now;
        this.#segPath = join(opts.dir, segmentName(opts.process, this.#state.nextSeq));
        this.#timers = opts.timers ?? NODE_TIMERS;
        this.#stopTimer = this.#timers.every(opts.checkpointIntervalMs ?? 10_000, () => {
            if (this.#sinceCheckpoint > 0 && this.failed === null && !this.#closed)
                return this.checkpoint().catch(() => { });
            return undefined;
        });
    }
    append(type, fields) {
        if (this.#closed)
            return Promise.reject(new VerbatimError('ERR_AUDIT_UNAVAILABLE', 'audit: writer is closed'));
        if (INTERNAL_TYPES.has(type))
            return Promise.reject(new VerbatimError('ERR_INTERNAL', `audit: '${type}' records are written by the writer itself`));
        return this.#enqueue(type, fields);
    }
    checkpoint() {
        return this.#enqueueCheckpoint().then(() => undefined);
    }
    /** Internal: any type, including the writer's own. Ordering is fixed here, synchronously. */
    #enqueue(type, fields) {
        if (this.failed !== null)
            return Promise.reject(unavailable(this.failed));
        let built;
        try {
            built = buildRecord(this.#state.nextSeq, this.#now(), type, this.#state.lastHash, fields);
        }
        catch (err) {
            return Promise.reject(err instanceof Error ? err : new Error(String(err)));
        }
        const st = this.#state;
        st.nextSeq++;
        st.lastHash = built.hash;
        st.frontier.push(built.hash);
        this.stats.records++;
        const p = new Promise((resolve, reject) => {
            this.#pending.push({ path: this.#segPath, line: built.line, seq: built.record.seq, hash: built.hash, resolve, reject });
        });
        this.#segBytes += Buffer.byteLength(built.line);
        this.#schedule();
        if (type === 'checkpoint') {
            this.#sinceCheckpoint = 0;
            st.lastCheckpointSeq = built.record.seq;
            if (this.#segBytes >= (this.#opts.segmentMaxBytes ?? 64 * 1024 * 1024)) {
                // Each segment ends in a checkpoint; the next one is named by its first seq, and a base
                // checkpoint at that seq seals the segments before it (written once they are durable).
                this.#segPath = join(this.#opts.dir, segmentName(this.#opts.process, st.nextSeq));
                this.#segBytes = 0;
                this.#pendingBase = { path: this.#segPath, body: baseBody(this.#opts.process, st) };
            }
            return p;
        }
        this.#sinceCheckpoint++;
        if (type === 'stop')
            return p; // close() follows it with the final checkpoint
        const every = this.#opts.checkpointEvery ?? 1000;
        if (this.#sinceCheckpoint >= every || this.#segBytes >= (this.#opts.segmentMaxBytes ?? 64 * 1024 * 1024)) {
            this.#enqueueCheckpoint().catch(() => { });
        }
        return p;
    }
    #enqueueCheckpoint() {
        const { kid, privateKey } = this.#opts.signer;
        const st = this.#state;
        const fields = signCheckpoint({ origin: this.#opts.process, size: st.nextSeq, root: st.frontier.root(), kid }, privateKey);
        return this.#enqueue('checkpoint', fields);
    }
    #schedule() {
        if (this.#inflight || this.#scheduled)
            return;
        this.#scheduled = true;
        const delay = this.#opts.groupCommitDelayMs ?? 0;
        const run = () => {
            this.#scheduled = false;
            return this.#flush();
        };
        if (delay > 0)
            this.#timers.after(delay, run);
        else
            setImmediate(() => void run());
    }
    /**
     * Group commit, pipelined: a batch is written as soon as the previous write returns, and its
     * fdatasync overlaps the previous one's. Writes stay strictly ordered (one at a time, O_APPEND);
     * a batch is acknowledged only when its own sync and every earlier one succeeded, so an error
     * anywhere fails everything not yet acknowledged (never retried: fsync errors are sticky).
     */
    async #flush() {
        if (this.#inflight || this.#pending.length === 0 || this.failed !== null)
            return;
        const batch = this.#pending;
        this.#pending = [];
        this.#inflight = true;
        const syncs = [];
        try {
            let i = 0;
            while (i < batch.length) {
                const path = batch[i].path;
                let j = i;
                while (j < batch.length && batch[j].path === path)
                    j++;
                await this.#ensureFile(path, syncs);
                const file = this.#file;
                await file.write(Buffer.from(batch.slice(i, j).map((p) => p.line).join('')));
                const t0 = performance.now();
                const records = j - i;
                syncs.push(file.datasync().then(() => {
                    this.stats.fsyncs++;
                    this.#opts.onBatch?.(records, (performance.now() - t0) / 1000);
                }));
                i = j;
            }
        }
        catch (err) {
            this.#inflight = false;
            void Promise.allSettled(syncs);
            this.#fail(err, batch);
            return;
        }
        this.#inflight = false;
        const synced = Promise.all([this.#synced, ...syncs]).then(() => undefined);
        this.#synced = synced;
        this.#unacked.add(batch);
        synced.then(() => {
            this.#unacked.delete(batch);
            if (this.failed !== null)
                return;
            this.stats.batches++;
            for (const p of batch)
                p.resolve({ seq: p.seq, hash: p.hash });
        }, (err) => this.#fail(err, batch));
        // Appends that arrived during the write go out now; their sync overlaps this one.
        if (this.#pending.length > 0)
            setImmediate(() => void this.#flush());
    }
    async #ensureFile(path, earlier) {
        if (this.#file !== null && this.#filePath === path)
            return;
        // A segment is closed only once every sync on it has finished.
        await this.#synced.catch(() => undefined);
        const base = this.#pendingBase;
        if (base !== null && base.path === path) {
            this.#pendingBase = null;
            await Promise.all(earlier); // the records it seals are durable before it is written
            await this.#writeBase(base.body);
        }
        if (this.#file !== null)
            await this.#file.close();
        this.#file = null;
        this.#file = await this.#fs.openAppend(path);
        this.#filePath = path;
        await this.#fs.syncDir(this.#opts.dir);
    }
    #fail(err, batch) {
        // Never retried: the writer stops accepting, callers answer 503 ERR_AUDIT_UNAVAILABLE.
        const cause = err instanceof Error ? err : new Error(String(err));
        const first = this.failed === null;
        if (first)
            this.failed = cause;
        const rest = this.#pending;
        this.#pending = [];
        const unacked = [...this.#unacked].flat();
        this.#unacked.clear();
        for (const p of new Set([...batch, ...unacked, ...rest]))
            p.reject(unavailable(cause));
        if (first) {
            this.#stopTimer();
            this.#opts.onFatal?.(cause);
        }
    }
    async close() {
        if (this.#closed)
            return;
        this.#stopTimer();
        if (this.failed === null) {
            const stop = this.#enqueue('stop', {});
            const cp = this.#enqueueCheckpoint();
            this.#closed = true;
            await Promise.all([stop, cp]).catch(() => { });
        }
        this.#closed = true;
        if (this.#file !== null)
            await this.#file.close().catch(() => { });
        this.#file = null;
        await this.#release?.();
        if (this.failed !== null)
            throw unavailable(this.failed);
    }
    /** Best effort: without a base the next open reads every segment, as it always could. */
    async #writeBase(body) {
        try {
            await writeBaseFile(this.#opts.dir, this.#opts.process, signBase(body, this.#opts.signer.kid, this.#opts.signer.privateKey));
        }
        catch (err) {
            this.#warn(`audit: could not write the base checkpoint in ${this.#opts.dir}: ${err.message}; the next start reads every segment`);
        }
    }
    #warn(m) {
        ;
        (this.#opts.onWarn ?? ((x) => process.stderr.write(`WARNING: ${x}\n`)))(m);
    }
    /** Writes recovery (if any) and start, durably, before the writer is handed out. */
    async begin() {
        const st = this.recovery.state;
        // Seal what the last run left, so the next open reads only this run's segments.
        if (st.nextSeq > 0 && this.recovery.base !== st.nextSeq)
            await this.#writeBase(baseBody(this.#opts.process, st));
        const r = this.recovery;
        if (r.existed && !r.clean) {
            const f = { clean: false, lastSeq: r.state.nextSeq - 1, lastCheckpointSeq: r.state.lastCheckpointSeq };
            if (r.cut !== undefined) {
                const c = r.cut;
                Object.assign(f, { file: c.file, savedAs: c.savedAs, cutBytes: c.cutBytes, cutRecords: c.cutRecords, cutCheckpoints: c.cutCheckpoints, cutSha256: c.sha256 });
            }
            void this.#enqueue('recovery', f);
        }
        const signer = publicKeyEntry(this.#opts.signer.kid, this.#opts.signer.privateKey);
        await this.#enqueue('start', {
            ...this.#opts.startFields,
            origin: this.#opts.process,
            pid: process.pid,
            signer: { kid: signer.kid, x: signer.x },
        });
    }
}
/**
 * Opens the process's log in `opts.dir`: recovers a torn tail (cut, saved, and described in a
 * `recovery` record), then writes `start`, durably, before resolving.
 * @example
 * const audit = await openAuditWriter({ dir: '/var/log/verbatim', process: 'gate', signer })
 * await audit.append('decision', { decisionId, verdict: 'allow', ... }) // durable now
 */
export async function openAuditWriter(opts) {
    assertProcessName(opts.process);
    const now = opts.now ?? Date.now;
    let release;
    try {
        await mkdir(opts.dir, { recursive: true });
        release = await lockLog(opts.dir, opts.process);
        const segments = (await listSegments(opts.dir)).get(opts.process) ?? [];
        const bases = await readBaseFiles(opts.dir, opts.process);
        const recovery = await recoverLog(segments, now(), { bases, signer: publicKeyEntry(opts.signer.kid, opts.signer.privateKey) });
        const cut = recovery.cut;
        if (cut !== undefined && (cut.cutCheckpoints > 0 || cut.cutRecords > 0)) {
            const warn = opts.onWarn ?? ((m) => process.stderr.write(`WARNING: ${m}\n`));
            warn(`audit recovery in ${cut.file} cut ${cut.cutBytes} bytes holding ${cut.cutRecords} well-formed record(s) and ${cut.cutCheckpoints} checkpoint(s): ` +
                `the cut reaches below the last checkpoint (last kept seq ${recovery.state.nextSeq - 1}); saved as ${cut.savedAs}. Compare with off-host checkpoints.`);
        }
        const w = new Writer(opts, recovery, release);
        await w.begin();
        return w;
    }
    catch (err) {
        await release?.();
        if (err instanceof VerbatimError)
            throw err;
        throw new VerbatimError('ERR_AUDIT_UNAVAILABLE', 'audit log could not be opened', { cause: err });
    }
}
//# sourceMappingURL=writer.js.map