/** @module audit/leaves: record hashes by seq (32 bytes each) and the in-order Merkle frontier over them. */
import { MerkleFrontier, merkleRoot } from './merkle.js';
const ZERO = Buffer.alloc(32);
const MAX_GAP = 1 << 20;
/**
 * Every record hash seen, stored densely from `offset` (a flat buffer, 32 bytes a record), and a
 * frontier that advances while the hashes are contiguous. A checkpoint at the frontier costs one fold
 * of O(log n) roots; only a root behind the frontier (a reordered log) is recomputed from the store.
 */
export class Leaves {
    frontier;
    /** False when the input started mid-log without a base: roots cannot be computed. */
    rooted;
    #offset;
    #buf = Buffer.alloc(32 * 1024);
    #count = 0;
    /** Called after each leaf the frontier takes, with its new size. */
    onAdvance;
    constructor(offset, frontier) {
        this.#offset = offset;
        this.rooted = frontier !== null;
        this.frontier = frontier ?? new MerkleFrontier();
    }
    hashAt(seq) {
        const i = seq - this.#offset;
        if (i < 0 || i >= this.#count)
            return undefined;
        const h = this.#buf.subarray(i * 32, i * 32 + 32);
        return h.equals(ZERO) ? undefined : h.toString('hex');
    }
    #has(i) {
        return i < this.#count && this.#buf.compare(ZERO, 0, 32, i * 32, i * 32 + 32) !== 0;
    }
    /** Records `hash` at `seq` (the first one seen wins) and advances the frontier over what is now contiguous. */
    add(seq, hash) {
        const i = seq - this.#offset;
        // A seq far past anything seen (a forged line) is a 'deleted' fault already; it is not stored.
        if (i < 0 || i >= this.#count + MAX_GAP || this.#has(i))
            return;
        if ((i + 1) * 32 > this.#buf.length) {
            const next = Buffer.alloc(Math.max(this.#buf.length * 2, (i + 1) * 32 * 2));
            this.#buf.copy(next, 0, 0, this.#count * 32);
            this.#buf = next;
        }
        this.#buf.write(hash, i * 32, 'hex');
        this.#count = Math.max(this.#count, i + 1);
        if (!this.rooted || seq !== this.frontier.size)
            return;
        // In order (the usual case): push what was given, then whatever arrived early and is now next.
        this.frontier.push(hash);
        this.onAdvance?.(this.frontier.size);
        while (this.#has(this.frontier.size - this.#offset)) {
            this.frontier.push(this.hashAt(this.frontier.size));
            this.onAdvance?.(this.frontier.size);
        }
    }
    /** MTH over seq 0..size-1, or null when it cannot be known from what was read. */
    rootAt(size) {
        if (!this.rooted)
            return null;
        if (size === this.frontier.size)
            return this.frontier.root();
        if (size > this.frontier.size || this.#offset > 0)
            return null;
        const hashes = [];
        for (let s = 0; s < size; s++)
            hashes.push(this.hashAt(s));
        return merkleRoot(hashes);
    }
}
//# sourceMappingURL=leaves.js.map