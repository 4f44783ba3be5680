import type { Canonical, CanonicalOptions, JsonType, JsonValue } from './types.js';
/**
 * Accepts a request body only if it has exactly one meaning, and returns its RFC 8785 (JCS)
 * bytes, the value those bytes denote, and their SHA-256.
 *
 * @example
 * const { bytes, digest, type } = canonicalBytes(new TextEncoder().encode('{"b":1.0,"a":[1E2]}'))
 * new TextDecoder().decode(bytes) // '{"a":[100],"b":1}'
 */
export declare function canonicalBytes(input: Uint8Array, options?: CanonicalOptions): Canonical;
/** SHA-256 (FIPS 180-4) of `bytes`, as a fresh 32-byte array. */
export declare function sha256(bytes: Uint8Array): Uint8Array;
/** The JSON type of a parsed value. */
export declare function jsonType(value: JsonValue): JsonType;
