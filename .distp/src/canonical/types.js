/** @module canonical/types: the JSON value model and the result of canonicalisation. */
export {};
//# sourceMappingURL=types.js.map