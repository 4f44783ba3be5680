/** @module canonical/types: the JSON value model and the result of canonicalisation. */
/** A JSON value as RFC 8259 defines it; numbers are finite IEEE 754 doubles. */
export type JsonValue = null | boolean | number | string | JsonValue[] | {
    [key: string]: JsonValue;
};
/** The type of a top-level value; the gate decides which types it accepts. */
export type JsonType = 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null';
export interface CanonicalOptions {
    /** Largest accepted input, in bytes (default 1,048,576). */
    maxBytes?: number;
    /** Deepest accepted nesting of arrays and objects (default 64). */
    maxDepth?: number;
    /** Reject keys of one object that are equal under Go-style simple case folding (default true). */
    rejectCaseCollisions?: boolean;
    /** Reject `__proto__` keys and `constructor` keys holding `prototype` (default true). */
    rejectPrototypeKeys?: boolean;
}
export interface Canonical {
    /** The value the canonical bytes denote; deep-equals JSON.parse(bytes), with -0 as 0. */
    value: JsonValue;
    /** The RFC 8785 (JCS) serialisation, UTF-8. */
    bytes: Uint8Array;
    /** SHA-256 of `bytes` (32 bytes). */
    digest: Uint8Array;
    type: JsonType;
}
