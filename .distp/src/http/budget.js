/** @module http/budget: a global budget of bytes held at once (request bodies in flight), shared by every connection. */
/**
 * Bounds the memory that bodies can pin across all requests: each reader takes bytes as they
 * arrive (or all its declared Content-Length up front) and gives them back when its request ends.
 */
export function createByteBudget(limit) {
    let inUse = 0;
    let highWater = 0;
    return {
        limit,
        get inUse() {
            return inUse;
        },
        get highWater() {
            return highWater;
        },
        take(n) {
            if (n < 0 || inUse + n > limit)
                return false;
            inUse += n;
            if (inUse > highWater)
                highWater = inUse;
            return true;
        },
        give(n) {
            inUse = Math.max(0, inUse - n);
        },
    };
}
//# sourceMappingURL=budget.js.map