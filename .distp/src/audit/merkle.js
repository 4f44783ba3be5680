/** @module audit/merkle: RFC 9162 §2.1.1 Merkle Tree Hash over record hashes, built incrementally. */
import { hash } from 'node:crypto';
/** RFC 9162 §2.1.1: MTH({}) = SHA-256(). */
const EMPTY_ROOT = hash('sha256', Buffer.alloc(0), 'buffer');
// One-shot hashing over reused scratch buffers (hash() copies nothing back): a verify of a million
// records hashes about three million times.
const LEAF_IN = Buffer.alloc(33);
const NODE_IN = Buffer.alloc(65);
/** RFC 9162 §2.1.1: leaf = SHA-256(0x00 || d(m)); here d(m) is the 32-byte record hash. */
export function leafHash(recordHashHex) {
    LEAF_IN[0] = 0;
    if (LEAF_IN.write(recordHashHex, 1, 32, 'hex') !== 32)
        LEAF_IN.fill(0, 1);
    return hash('sha256', LEAF_IN, 'buffer');
}
/** RFC 9162 §2.1.1: node = SHA-256(0x01 || left || right). */
export function nodeHash(left, right) {
    NODE_IN[0] = 1;
    NODE_IN.set(left, 1);
    NODE_IN.set(right, 33);
    return hash('sha256', NODE_IN, 'buffer');
}
/**
 * The compact frontier of a growing tree: one perfect subtree root per set bit of the size.
 * Folding it right to left yields the RFC 9162 MTH of every prefix, in O(log n) memory.
 */
export class MerkleFrontier {
    #size = 0;
    /** roots[i] is the root of a perfect subtree of 2^i leaves, or undefined. */
    #roots = [];
    get size() {
        return this.#size;
    }
    push(recordHashHex) {
        let h = leafHash(recordHashHex);
        let level = 0;
        for (;;) {
            const left = this.#roots[level];
            if (left === undefined)
                break;
            h = nodeHash(left, h);
            this.#roots[level] = undefined;
            level++;
        }
        this.#roots[level] = h;
        this.#size++;
    }
    /** The perfect subtree roots, hex, by level (null where the size has no bit): enough to continue the tree. */
    roots() {
        return Array.from(this.#roots, (r) => (r === undefined ? null : r.toString('hex')));
    }
    /**
     * A frontier that continues a tree of `size` leaves from its subtree roots (as `roots()` gave them).
     * Throws when the roots do not fit the size: root i must be present exactly when bit i of size is set.
     */
    static restore(size, roots) {
        if (!Number.isSafeInteger(size) || size < 0)
            throw new TypeError('merkle: bad frontier size');
        const f = new MerkleFrontier();
        for (let i = 0; i < Math.max(roots.length, Math.floor(Math.log2(size || 1)) + 1); i++) {
            const bit = Math.floor(size / 2 ** i) % 2 === 1;
            const r = roots[i] ?? null;
            if (bit !== (r !== null) || (r !== null && !/^[0-9a-f]{64}$/.test(r)))
                throw new TypeError(`merkle: frontier root ${i} does not fit size ${size}`);
            if (r !== null)
                f.#roots[i] = Buffer.from(r, 'hex');
        }
        f.#size = size;
        return f;
    }
    /** Hex MTH of all leaves pushed so far. */
    root() {
        let acc;
        for (const r of this.#roots) {
            if (r === undefined)
                continue;
            acc = acc === undefined ? r : nodeHash(r, acc);
        }
        return (acc ?? EMPTY_ROOT).toString('hex');
    }
}
/** Reference MTH straight from the RFC 9162 §2.1.1 recursion, for tests and one-off checks. */
export function merkleRoot(recordHashes) {
    const mth = (lo, hi) => {
        const n = hi - lo;
        if (n === 0)
            return EMPTY_ROOT;
        if (n === 1)
            return leafHash(recordHashes[lo]);
        let k = 1;
        while (k * 2 < n)
            k *= 2; // largest power of two smaller than n
        return nodeHash(mth(lo, lo + k), mth(lo + k, hi));
    };
    return mth(0, recordHashes.length).toString('hex');
}
//# sourceMappingURL=merkle.js.map