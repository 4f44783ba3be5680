import type { CanonicalOptions, JsonValue } from './types.js';
/** Parses decoded text under the strict profile. Throws VerbatimError on any rejection. */
export declare function parseStrict(src: string, o: Required<CanonicalOptions>): JsonValue;
