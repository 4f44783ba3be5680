/** @module audit/recover: find and cut a torn tail, so the chain can continue after a crash. */
import { open, readFile, writeFile } from 'node:fs/promises';
import { VerbatimError } from '../errors/index.js';
import { MerkleFrontier } from './merkle.js';
import { GENESIS_HASH, parseLine, sha256Hex } from './record.js';
import { baseFrontier, verifyBase } from './base.js';
export function emptyLogState() {
    return { nextSeq: 0, lastHash: GENESIS_HASH, frontier: new MerkleFrontier(), lastRecord: null, prevType: null, lastCheckpointSeq: null };
}
function accept(state, r) {
    state.nextSeq = r.seq + 1;
    state.lastHash = r.hash;
    state.frontier.push(r.hash);
    state.prevType = state.lastRecord?.type ?? null;
    state.lastRecord = r;
    if (r.type === 'checkpoint')
        state.lastCheckpointSeq = r.seq;
}
/**
 * Pure: reads records from `bytes` while each is valid and chains onto `state`, mutating it;
 * returns what follows the last good record.
 */
export function scanSegment(bytes, state) {
    let off = 0;
    let line = 0;
    while (off < bytes.length) {
        const nl = bytes.indexOf(0x0a, off);
        if (nl < 0)
            break;
        const parsed = parseLine(bytes.subarray(off, nl).toString('utf8'));
        if (!parsed.ok || parsed.record.seq !== state.nextSeq || parsed.record.prev !== state.lastHash)
            break;
        accept(state, parsed.record);
        off = nl + 1;
        line++;
    }
    const scan = { goodBytes: off, cutBytes: bytes.length - off, cutRecords: 0, cutCheckpoints: 0, firstCutLine: line + 1 };
    for (const text of bytes.subarray(off).toString('utf8').split('\n')) {
        const p = parseLine(text);
        if (!p.ok)
            continue;
        scan.cutRecords++;
        if (p.record.type === 'checkpoint')
            scan.cutCheckpoints++;
    }
    return scan;
}
/** A base the writer may start from: signed by its own key, and the next segment chains onto it. */
async function usableBase(segments, bases, signer) {
    // The newest that holds: an unusable one (edited, another key) falls back to the one before it.
    for (const base of [...bases].sort((a, b) => b.size - a.size)) {
        if (await usable(segments, base, signer))
            return base;
    }
    return null;
}
async function usable(segments, base, signer) {
    if (signer === undefined || base.signer.x !== signer.x || !verifyBase(base, signer))
        return false;
    const after = segments.filter((s) => s.startSeq >= base.size);
    // Nothing after it: the last run ended right after writing it, or the sealed segments were moved away.
    if (after.length === 0)
        return segments.every((s) => s.startSeq < base.size);
    const first = after[0];
    if (first.startSeq !== base.size)
        return false;
    const fh = await open(first.path, 'r');
    try {
        const buf = Buffer.alloc(64 * 1024);
        const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
        const nl = buf.subarray(0, bytesRead).indexOf(0x0a);
        if (nl < 0)
            return false;
        const p = parseLine(buf.toString('utf8', 0, nl));
        return p.ok && p.record.seq === base.size && p.record.prev === base.lastHash;
    }
    finally {
        await fh.close();
    }
}
/**
 * Rebuilds the chain state from the segments of one process. With a usable base checkpoint (signed
 * by `signer`, and the next segment chains onto it) only the segments after it are read, so opening
 * costs the same however long the log is. Earlier segments must be whole; the last one may end in a
 * torn tail, which is saved beside it, then truncated away.
 */
export async function recoverLog(segments, now, o = {}) {
    const base = await usableBase(segments, o.bases ?? [], o.signer);
    const state = emptyLogState();
    if (base !== null) {
        state.nextSeq = base.size;
        state.lastHash = base.lastHash;
        state.frontier = baseFrontier(base);
        state.lastCheckpointSeq = base.lastCheckpointSeq;
    }
    const todo = base === null ? segments : segments.filter((s) => s.startSeq >= base.size);
    let cut;
    for (const [i, ref] of todo.entries()) {
        const bytes = await readFile(ref.path);
        const scan = scanSegment(bytes, state);
        if (scan.cutBytes === 0)
            continue;
        if (i !== todo.length - 1) {
            throw new VerbatimError('ERR_AUDIT_UNAVAILABLE', `audit: segment ${ref.path} does not chain at line ${scan.firstCutLine}; run 'verbatim audit verify'`);
        }
        const tail = bytes.subarray(scan.goodBytes);
        const savedAs = `${ref.path}.torn-${now}`;
        await writeFile(savedAs, tail, { flush: true });
        await truncateDurably(ref.path, scan.goodBytes);
        cut = { ...scan, file: ref.path, savedAs, sha256: sha256Hex(tail) };
    }
    const last = state.lastRecord;
    const clean = last !== null && last.type === 'checkpoint' && state.prevType === 'stop';
    const out = { state, clean, existed: last !== null || base !== null, base: base?.size ?? null, segmentsRead: todo.length };
    if (cut !== undefined)
        out.cut = cut;
    return out;
}
async function truncateDurably(path, length) {
    const fh = await open(path, 'r+');
    try {
        await fh.truncate(length);
        await fh.sync();
    }
    finally {
        await fh.close();
    }
}
//# sourceMappingURL=recover.js.map