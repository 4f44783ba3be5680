/** RFC 9162 §2.1.1: leaf = SHA-256(0x00 || d(m)); here d(m) is the 32-byte record hash. */
export declare function leafHash(recordHashHex: string): Buffer;
/** RFC 9162 §2.1.1: node = SHA-256(0x01 || left || right). */
export declare function nodeHash(left: Uint8Array, right: Uint8Array): Buffer;
/**
 * The compact frontier of a growing tree: one perfect subtree root per set bit of the size.
 * Folding it right to left yields the RFC 9162 MTH of every prefix, in O(log n) memory.
 */
export declare class MerkleFrontier {
    #private;
    get size(): number;
    push(recordHashHex: string): void;
    /** The perfect subtree roots, hex, by level (null where the size has no bit): enough to continue the tree. */
    roots(): (string | null)[];
    /**
     * A frontier that continues a tree of `size` leaves from its subtree roots (as `roots()` gave them).
     * Throws when the roots do not fit the size: root i must be present exactly when bit i of size is set.
     */
    static restore(size: number, roots: readonly (string | null)[]): MerkleFrontier;
    /** Hex MTH of all leaves pushed so far. */
    root(): string;
}
/** Reference MTH straight from the RFC 9162 §2.1.1 recursion, for tests and one-off checks. */
export declare function merkleRoot(recordHashes: readonly string[]): string;
