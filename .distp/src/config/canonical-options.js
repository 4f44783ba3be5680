/** limits.maxBodyBytes, limits.maxDepth and the canonical switches, as the canonical core takes them. */
export function canonicalOptionsOf(config) {
    return {
        maxBytes: config.limits.maxBodyBytes,
        maxDepth: config.limits.maxDepth,
        rejectCaseCollisions: config.canonical.rejectCaseCollisions,
        rejectPrototypeKeys: config.canonical.rejectPrototypeKeys,
    };
}
//# sourceMappingURL=canonical-options.js.map