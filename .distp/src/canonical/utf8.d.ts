/**
 * Checks size, BOM and UTF-8 well-formedness, and returns the decoded text.
 * RFC 3629 §3-4: overlong forms, encoded surrogates (ED A0..BF) and code points above
 * U+10FFFF are ill-formed. RFC 8259 §8.1: a BOM must not be added.
 */
export declare function decodeStrict(input: Uint8Array, maxBytes: number): string;
/** Offset of the first ill-formed sequence (RFC 3629 §4 syntax), or the length if none. */
export declare function firstInvalidUtf8(b: Uint8Array): number;
