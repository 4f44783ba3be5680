import type { JsonValue } from './types.js';
export declare const ARGUMENTS_MODES: readonly ["none", "redacted", "full"];
export type ArgumentsMode = (typeof ARGUMENTS_MODES)[number];
/** The `audit.arguments` and `audit.redact` settings. */
export interface AuditArguments {
    mode: ArgumentsMode;
    /** RFC 6901 JSON Pointers whose values `redacted` replaces by their digest. */
    redact: readonly string[];
}
/** RFC 6901 §3: "" or a sequence of "/" reference tokens, with "~" only as "~0" or "~1". */
export declare const JSON_POINTER_RE: RegExp;
/** What a redacted value becomes: `sha256:` and the hex SHA-256 of its RFC 8785 bytes. Whoever holds a candidate value can check it. */
export declare function redactedDigest(value: JsonValue): string;
/**
 * Redacts `value`: each pointer that resolves is replaced by the digest of what was there. A pointer
 * under another one that resolved is covered by it. Returns the value and the pointers applied.
 */
export declare function redact(value: JsonValue, pointers: readonly string[]): {
    value: JsonValue;
    redacted: string[];
};
/**
 * The decision record's `arguments` (and `redacted`, the pointers replaced) under the setting:
 * nothing for `none`, the canonical value for `full`.
 * @example recordArguments({ path: '/w/a', token: 's3cret' }, { mode: 'redacted', redact: ['/token'] })
 * // { arguments: { path: '/w/a', token: 'sha256:…' }, redacted: ['/token'] }
 */
export declare function recordArguments(value: JsonValue, cfg: AuditArguments | undefined): Record<string, JsonValue>;
/** Whether a policy condition's pointer reads a redacted value (the same pointer, inside it, or around it). */
export declare function touchesRedacted(pointer: string | undefined, redacted: readonly string[]): boolean;
