import type { JsonValue } from './json.js';
/**
 * True when `p` is already the canonical absolute path: it starts with "/", has no empty, "." or
 * ".." segment (RFC 3986 §5.2.4 dot segments, POSIX "//"), no trailing "/", no backslash and no
 * control character. The executor will open this exact string, so no cleaned-up copy is compared.
 */
export declare function isCanonicalAbsolutePath(p: string): boolean;
/** `p` is `base` or lies beneath it, both compared as canonical text. */
export declare function pathIsUnder(p: string, base: string): boolean;
/**
 * The host of `v` when `v` is a WHATWG URL whose serialisation is `v` itself (so the executor's
 * URL parser sees the same string) and has no userinfo (RFC 3986 §3.2.1, deprecated and a spoofing
 * vector). Otherwise undefined.
 */
export declare function canonicalUrlHost(v: string): string | undefined;
/** A host as it appears in a canonical URL (lowercase, punycode, port only when not default). */
export declare function isCanonicalHost(h: string): boolean;
/** The JSON type name of a value, as the `type` operator spells it ("integer" is a number). */
export declare function jsonType(v: JsonValue): 'string' | 'number' | 'boolean' | 'object' | 'array' | 'null';
/** Structural equality of JSON values; object key order does not matter. */
export declare function jsonEqual(a: JsonValue, b: JsonValue): boolean;
/** Length in Unicode code points, as JSON Schema counts it, not UTF-16 units. */
export declare function codePointLength(s: string): number;
/**
 * Length in UTF-8 bytes (RFC 3629): what the executor writes, whatever escapes the JSON used.
 * Each UTF-16 unit is 1 to 3 bytes (a surrogate pair is 2 units and 4 bytes), so most strings
 * are decided by their `.length` alone and only the rest are counted.
 */
export declare function utf8ByteLength(s: string): number;
/** True when `s` has at most `n` UTF-8 bytes. */
export declare function utf8AtMost(s: string, n: number): boolean;
