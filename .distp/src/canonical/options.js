/** @module canonical/options: defaults and validation of the strict-parse limits. */
import { VerbatimError } from '../errors/index.js';
export const DEFAULT_CANONICAL_OPTIONS = Object.freeze({
    maxBytes: 1_048_576,
    maxDepth: 64,
    rejectCaseCollisions: true,
    rejectPrototypeKeys: true,
});
/** The serialiser recurses once per level, so no configuration may raise the depth above this. */
export const MAX_DEPTH_CEILING = 1024;
/** Fills in defaults; a limit that is not a non-negative integer is a programming error. */
export function resolveOptions(options) {
    if (options === undefined)
        return DEFAULT_CANONICAL_OPTIONS;
    const o = {
        maxBytes: options.maxBytes ?? DEFAULT_CANONICAL_OPTIONS.maxBytes,
        maxDepth: options.maxDepth ?? DEFAULT_CANONICAL_OPTIONS.maxDepth,
        rejectCaseCollisions: options.rejectCaseCollisions ?? DEFAULT_CANONICAL_OPTIONS.rejectCaseCollisions,
        rejectPrototypeKeys: options.rejectPrototypeKeys ?? DEFAULT_CANONICAL_OPTIONS.rejectPrototypeKeys,
    };
    for (const name of ['maxBytes', 'maxDepth']) {
        const v = o[name];
        if (!Number.isSafeInteger(v) || v < 0) {
            throw new VerbatimError('ERR_INTERNAL', `canonical option ${name} must be a non-negative integer, got ${String(v)}`);
        }
    }
    if (o.maxDepth > MAX_DEPTH_CEILING) {
        throw new VerbatimError('ERR_INTERNAL', `canonical option maxDepth must be at most ${MAX_DEPTH_CEILING}, got ${o.maxDepth}`);
    }
    return o;
}
//# sourceMappingURL=options.js.map