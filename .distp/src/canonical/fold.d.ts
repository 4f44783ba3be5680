/**
 * @module canonical/fold: the key folding Go's encoding/json applies when it matches object keys.
 *
 * Go (encoding/json foldName) maps every rune to the smallest rune of its unicode.SimpleFold
 * orbit, i.e. Unicode *simple* case folding (CaseFolding.txt status C and S). Two keys with the
 * same fold are the same field to a Go executor (CVE-2026-27896). Full foldings such as ß -> ss
 * are not applied, so "ß" and "ss" stay distinct, as in Go.
 */
/** A representative of the simple case folding class of one code point. */
export declare function foldCodePoint(cp: number): string;
/** The fold of a whole key; two keys collide when their folds are equal. */
export declare function foldKey(key: string): string;
