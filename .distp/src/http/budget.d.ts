/** @module http/budget: a global budget of bytes held at once (request bodies in flight), shared by every connection. */
export interface ByteBudget {
    readonly limit: number;
    /** Bytes held now. */
    readonly inUse: number;
    /** The most ever held at once: never above `limit`. */
    readonly highWater: number;
    /** Takes `n` bytes if they fit; false (and nothing taken) if they do not. */
    take(n: number): boolean;
    /** Gives back bytes taken earlier. */
    give(n: number): void;
}
/**
 * Bounds the memory that bodies can pin across all requests: each reader takes bytes as they
 * arrive (or all its declared Content-Length up front) and gives them back when its request ends.
 */
export declare function createByteBudget(limit: number): ByteBudget;
