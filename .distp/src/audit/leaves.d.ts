/** @module audit/leaves: record hashes by seq (32 bytes each) and the in-order Merkle frontier over them. */
import { MerkleFrontier } from './merkle.js';
/**
 * Every record hash seen, stored densely from `offset` (a flat buffer, 32 bytes a record), and a
 * frontier that advances while the hashes are contiguous. A checkpoint at the frontier costs one fold
 * of O(log n) roots; only a root behind the frontier (a reordered log) is recomputed from the store.
 */
export declare class Leaves {
    #private;
    frontier: MerkleFrontier;
    /** False when the input started mid-log without a base: roots cannot be computed. */
    readonly rooted: boolean;
    /** Called after each leaf the frontier takes, with its new size. */
    onAdvance: ((size: number) => void) | undefined;
    constructor(offset: number, frontier: MerkleFrontier | null);
    hashAt(seq: number): string | undefined;
    /** Records `hash` at `seq` (the first one seen wins) and advances the frontier over what is now contiguous. */
    add(seq: number, hash: string): void;
    /** MTH over seq 0..size-1, or null when it cannot be known from what was read. */
    rootAt(size: number): string | null;
}
