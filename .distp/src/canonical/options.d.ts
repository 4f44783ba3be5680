import type { CanonicalOptions } from './types.js';
export declare const DEFAULT_CANONICAL_OPTIONS: Required<CanonicalOptions>;
/** The serialiser recurses once per level, so no configuration may raise the depth above this. */
export declare const MAX_DEPTH_CEILING = 1024;
/** Fills in defaults; a limit that is not a non-negative integer is a programming error. */
export declare function resolveOptions(options: CanonicalOptions | undefined): Required<CanonicalOptions>;
