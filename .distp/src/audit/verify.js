import { baseFrontier } from './base.js';
import { keyOrNull as toKey } from './checkpoint.js';
import { Leaves } from './leaves.js';
import { MerkleFrontier } from './merkle.js';
import { GENESIS_HASH, parseLine } from './record.js';
import { checkOffHost, offHostFields } from './verify-offhost.js';
import { checkBaseSignature, checkCheckpoint, checkSealedBase, checkTrust } from './verify-checks.js';
function signerOf(r) {
    const s = r['signer'];
    if (typeof s !== 'object' || s === null || Array.isArray(s))
        return null;
    const { kid, x } = s;
    return typeof kid === 'string' && typeof x === 'string' ? { kid, x } : null;
}
/**
 * Verifies one process's log fed line by line, segment by segment, in seq order. Memory is 32 bytes
 * a record (for duplicates and reordered checkpoints) plus O(log n); a checkpoint costs one fold of
 * the frontier, so verifying is linear in the log. Never throws on bad input.
 */
export class LogVerifier {
    #opts;
    #bases;
    /** The base the chain started from, when the input begins where one seals it. */
    #from = null;
    #faults = [];
    #notes = [];
    #leaves = null;
    #lastSeq = -1;
    #lastHash = null;
    #signer = null;
    #origin = null;
    #checkpoints = 0;
    #lastCheckpoint = null;
    #recoveries = 0;
    #prevType = null;
    #prev2Type = null;
    #records = 0;
    #firstSeq = null;
    #last = null;
    #file = '';
    #fileStart;
    #fileFirst = true;
    #firstFileStart;
    #started = false;
    /** 'deleted' faults that a later, lower seq turns into 'reordered'. */
    #jumps = [];
    #fromGenesis = false;
    /** Roots of off-host checkpoints (and of the base), captured when the frontier passes their size. */
    #rootsAt = new Map();
    #onFault = (at, seq, kind, message) => this.#fault(at, seq, kind, message);
    constructor(opts = {}, bases = []) {
        this.#opts = opts;
        this.#bases = bases;
    }
    /** The faults found so far (a follower reads them between polls). */
    get faults() {
        return this.#faults;
    }
    #fault(at, seq, kind, message) {
        const f = { file: at.file, line: at.line, seq, kind, message };
        this.#faults.push(f);
        return f;
    }
    /** Starts a segment; `startSeq` from its name, when known. */
    file(name, startSeq) {
        this.#file = name;
        this.#fileStart = startSeq;
        this.#fileFirst = true;
        if (this.#firstFileStart === undefined && !this.#started)
            this.#firstFileStart = startSeq;
    }
    /** Sets up the chain state at the first record: genesis, a signed base, or an unknown middle. */
    #start(firstSeq) {
        this.#started = true;
        const expectStart = this.#firstFileStart ?? firstSeq;
        const base = this.#bases.find((b) => b.size === expectStart) ?? null;
        const sizes = new Set((this.#opts.checkpoints ?? []).map((c) => c['size']).filter((s) => typeof s === 'number'));
        for (const b of this.#bases)
            sizes.add(b.size);
        if (expectStart === 0) {
            this.#lastHash = GENESIS_HASH;
            this.#fromGenesis = true;
            this.#leaves = new Leaves(0, new MerkleFrontier());
        }
        else if (base !== null) {
            this.#from = base;
            this.#useBase(base);
        }
        else {
            this.#leaves = new Leaves(expectStart, null);
            this.#notes.push(`the input starts at seq ${expectStart}: records before it, and checkpoint roots that need them, are not checked`);
        }
        this.#lastSeq = expectStart - 1;
        const leaves = this.#leaves;
        leaves.onAdvance = (size) => {
            if (sizes.has(size))
                this.#rootsAt.set(size, leaves.frontier.root());
        };
        if (sizes.has(leaves.frontier.size) && leaves.rooted)
            this.#rootsAt.set(leaves.frontier.size, leaves.frontier.root());
    }
    /** Continues from a base checkpoint: the sealed records before it are not read. */
    #useBase(base) {
        const frontier = baseFrontier(base);
        this.#leaves = new Leaves(base.size, frontier);
        this.#lastHash = base.lastHash;
        this.#signer = { entry: base.signer, key: toKey(base.signer) };
        this.#notes.push(`records before seq ${base.size} are sealed behind a base checkpoint (kid ${base.signer.kid}) and were not read; the chain and roots are checked from there`);
        checkBaseSignature(base, this.#opts.trustedKeys, this.#onFault);
    }
    /** Feeds one complete line (without its newline). */
    line(text, lineNo) {
        const at = { file: this.#file, line: lineNo };
        const p = parseLine(text);
        const record = p.record;
        if (record === undefined) {
            this.#fault(at, null, 'malformed', p.ok ? '' : p.message);
            return null;
        }
        if (!p.ok)
            this.#fault(at, record.seq, 'modified', p.message);
        if (!this.#started)
            this.#start(record.seq);
        if (this.#fileFirst) {
            this.#fileFirst = false;
            const s = this.#fileStart;
            if (s !== undefined && record.seq !== s)
                this.#fault(at, record.seq, record.seq > s ? 'deleted' : 'modified', `segment is named for seq ${s} but starts at seq ${record.seq}`);
        }
        this.#records++;
        this.#firstSeq ??= record.seq;
        this.#entry(at, record, p.ok);
        return { record, intact: p.ok };
    }
    #entry(at, r, intact) {
        const leaves = this.#leaves;
        const expected = this.#lastSeq + 1;
        const last = this.#last ?? { file: '', line: 0, seq: 0, type: '' };
        last.file = at.file;
        last.line = at.line;
        last.seq = r.seq;
        last.type = r.type;
        this.#last = last;
        if (!intact) {
            leaves.add(expected, r.hash);
            this.#lastSeq = expected;
            this.#lastHash = r.hash;
            return;
        }
        if (r.seq === expected) {
            if (this.#lastHash !== null && r.prev !== this.#lastHash)
                this.#fault(at, r.seq, 'chain-break', `prev does not match the hash of seq ${this.#lastSeq}: a record was replaced or the log spliced`);
        }
        else if (r.seq > expected) {
            const f = this.#fault(at, r.seq, 'deleted', `${r.seq - expected} record(s) missing (seq ${expected}..${r.seq - 1})`);
            if (this.#jumps.length < 10_000)
                this.#jumps.push({ fault: f, seq: r.seq, min: r.seq });
        }
        else {
            for (const j of this.#jumps) {
                if (r.seq >= j.min)
                    continue;
                j.min = r.seq;
                j.fault.kind = 'reordered';
                j.fault.message = `seq ${j.seq} appears before seq ${r.seq}`;
            }
            if (leaves.hashAt(r.seq) === r.hash)
                this.#fault(at, r.seq, 'duplicated', `seq ${r.seq} appears again`);
            else
                this.#fault(at, r.seq, 'reordered', `seq ${r.seq} appears after seq ${this.#lastSeq}`);
        }
        // A checkpoint's root covers the records before it: take it before its own leaf goes in.
        const cpRoot = r.type === 'checkpoint' && typeof r['size'] === 'number' ? leaves.rootAt(r['size']) : null;
        leaves.add(r.seq, r.hash);
        if (r.seq > this.#lastSeq) {
            this.#lastSeq = r.seq;
            this.#lastHash = r.hash;
        }
        this.#rules(at, r, cpRoot);
        this.#prev2Type = this.#prevType;
        this.#prevType = r.type;
    }
    #rules(at, r, cpRoot) {
        if (r.type === 'start') {
            const s = signerOf(r);
            if (typeof r['origin'] === 'string')
                this.#origin ??= r['origin'];
            if (s === null)
                this.#fault(at, r.seq, 'malformed', 'start record declares no signer key');
            else {
                this.#signer = { entry: s, key: toKey(s) };
                checkTrust(at, r.seq, s, 'log', this.#opts.trustedKeys, this.#onFault);
            }
            const p = this.#prevType;
            if (p !== null && p !== 'recovery' && !(p === 'checkpoint' && this.#prev2Type === 'stop')) {
                this.#fault(at, r.seq, 'truncated', `restart after seq ${r.seq - 1} without a stop or a recovery record: records may have been cut`);
            }
        }
        else if (r.type === 'recovery') {
            this.#recoveries++;
            const cutRecords = typeof r['cutRecords'] === 'number' ? r['cutRecords'] : 0;
            const cutCheckpoints = typeof r['cutCheckpoints'] === 'number' ? r['cutCheckpoints'] : 0;
            if (cutRecords > 0 || cutCheckpoints > 0) {
                this.#fault(at, r.seq, 'recovery-cut', `recovery cut ${cutRecords} well-formed record(s), ${cutCheckpoints} checkpoint(s) from ${String(r['file'])}; saved as ${String(r['savedAs'])}`);
            }
        }
        else if (r.type === 'checkpoint') {
            this.#checkpoints++;
            checkCheckpoint(at, r, cpRoot, this.#signer, this.#opts.trustedKeys, this.#onFault);
            this.#lastCheckpoint = { seq: r.seq, size: Number(r['size']), root: String(r['root']) };
        }
    }
    /** Bytes after the last newline of the current segment. In a live log's last segment, a write in progress. */
    torn(bytes, lineNo, live = false) {
        if (live)
            this.#notes.push(`the last line of ${this.#file} is still being written (${bytes} bytes); it was not read`);
        else
            this.#fault({ file: this.#file, line: lineNo }, null, 'truncated', `last line is incomplete (${bytes} bytes without a newline): a torn or cut write`);
    }
    finish() {
        const last = this.#last;
        if (last !== null && !this.#opts.live && !(this.#prevType === 'checkpoint' && this.#prev2Type === 'stop')) {
            const lc = this.#lastCheckpoint;
            const cp = lc === null ? 'no checkpoint' : `the last checkpoint is seq ${lc.seq}`;
            this.#fault(last, last.seq, 'truncated', `the log ends at seq ${last.seq} (${last.type}) without stop + checkpoint (${cp}): its tail may have been cut, or the writer is still running (use --live)`);
        }
        const logSize = this.#lastSeq + 1;
        const rootAt = (size) => this.#rootsAt.get(size) ?? this.#leaves?.rootAt(size) ?? null;
        // Every other base beside the records must agree with them (those below the start cannot be checked).
        const start = this.#fromGenesis ? 0 : this.#from?.size;
        const lastHashAt = (seq) => this.#leaves?.hashAt(seq);
        if (start !== undefined) {
            for (const b of this.#bases)
                if (b !== this.#from && b.size >= start)
                    checkSealedBase(b, logSize, rootAt, lastHashAt, this.#opts.trustedKeys, this.#onFault);
        }
        for (const c of this.#opts.checkpoints ?? []) {
            checkOffHost(offHostFields(c), c, logSize, this.#signer?.entry ?? null, this.#opts.trustedKeys, rootAt, this.#faults);
        }
        const lastCpSeq = this.#lastCheckpoint?.seq ?? -1;
        const n = this.#records;
        return {
            origin: this.#origin ?? this.#from?.origin ?? null,
            records: n,
            firstSeq: this.#firstSeq,
            lastSeq: n === 0 ? null : this.#lastSeq,
            checkpoints: this.#checkpoints,
            lastCheckpoint: this.#lastCheckpoint,
            unsignedTail: n === 0 ? 0 : this.#lastSeq - lastCpSeq,
            recoveries: this.#recoveries,
            faults: this.#faults,
            notes: this.#notes,
        };
    }
}
/** Verifies one process's log: its segments in order, as text. Never throws on bad input. */
export function verifyLog(files, opts = {}, bases = []) {
    const v = new LogVerifier(opts, bases);
    files.forEach((f, i) => {
        v.file(f.name, f.startSeq);
        const lines = f.text.split('\n');
        const torn = lines.pop() ?? '';
        lines.forEach((text, j) => v.line(text, j + 1));
        if (torn !== '')
            v.torn(Buffer.byteLength(torn), lines.length + 1, opts.live === true && i === files.length - 1);
    });
    return v.finish();
}
//# sourceMappingURL=verify.js.map