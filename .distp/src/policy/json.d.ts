/** @module policy/json: JSON values and RFC 6901 JSON Pointer resolution. */
export type JsonValue = null | boolean | number | string | JsonValue[] | {
    [key: string]: JsonValue;
};
/** RFC 6901 §3-4: splits a pointer into unescaped reference tokens ("~1" → "/", then "~0" → "~"). */
export declare function pointerTokens(pointer: string): string[];
/** RFC 6901 §4: the value the tokens address, or undefined when it does not exist. */
export declare function resolvePointer(root: JsonValue | undefined, tokens: readonly string[]): JsonValue | undefined;
