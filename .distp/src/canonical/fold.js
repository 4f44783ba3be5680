/**
 * @module canonical/fold: the key folding Go's encoding/json applies when it matches object keys.
 *
 * Go (encoding/json foldName) maps every rune to the smallest rune of its unicode.SimpleFold
 * orbit, i.e. Unicode *simple* case folding (CaseFolding.txt status C and S). Two keys with the
 * same fold are the same field to a Go executor (CVE-2026-27896). Full foldings such as ß -> ss
 * are not applied, so "ß" and "ss" stay distinct, as in Go.
 */
/** Runes whose simple fold class the upper-then-lower heuristic gets wrong (checked by test). */
const EXCEPTIONS = new Map([
    [0x0131, 0x0131], // dotless i: no simple folding (only the Turkic T mapping), Go keeps it apart from i
    [0x1fd3, 0x0390], // Greek iota with dialytika and oxia: S mapping to U+0390
    [0x1fe3, 0x03b0], // Greek upsilon with dialytika and oxia: S mapping to U+03B0
    [0xfb05, 0xfb06], // Latin small ligature long s t: S mapping to U+FB06
]);
const CACHE_LIMIT = 4096;
const cache = new Map();
/** A representative of the simple case folding class of one code point. */
export function foldCodePoint(cp) {
    if (cp < 0x80)
        return String.fromCharCode(cp >= 0x41 && cp <= 0x5a ? cp + 0x20 : cp);
    const hit = cache.get(cp);
    if (hit !== undefined)
        return hit;
    const ex = EXCEPTIONS.get(cp);
    const ch = String.fromCodePoint(cp);
    let rep = ch;
    if (ex !== undefined)
        rep = String.fromCodePoint(ex);
    else {
        // Simple mappings only: a mapping that yields more than one code point is a full mapping.
        const up = ch.toUpperCase();
        const base = isOneCodePoint(up) ? up : ch;
        const low = base.toLowerCase();
        if (isOneCodePoint(low))
            rep = low;
        else {
            const low2 = ch.toLowerCase();
            if (isOneCodePoint(low2))
                rep = low2;
        }
    }
    // Bounded, so that bodies full of distinct code points cannot grow it without limit.
    if (cache.size < CACHE_LIMIT)
        cache.set(cp, rep);
    return rep;
}
function isOneCodePoint(s) {
    if (s.length === 1)
        return true;
    if (s.length !== 2)
        return false;
    const hi = s.charCodeAt(0);
    return hi >= 0xd800 && hi <= 0xdbff;
}
/** The fold of a whole key; two keys collide when their folds are equal. */
export function foldKey(key) {
    let ascii = true;
    for (let i = 0; i < key.length; i++) {
        if (key.charCodeAt(i) >= 0x80) {
            ascii = false;
            break;
        }
    }
    if (ascii)
        return key.toLowerCase();
    let out = '';
    for (const ch of key)
        out += foldCodePoint(ch.codePointAt(0));
    return out;
}
//# sourceMappingURL=fold.js.map