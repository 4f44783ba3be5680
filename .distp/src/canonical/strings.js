/**
 * @module canonical/strings: strict scanning of JSON strings (RFC 8259 §7) under the I-JSON
 * profile (RFC 7493 §2.1): no lone surrogates, no noncharacters, and, for this gate, no U+0000.
 */
import { fail } from './fail.js';
/**
 * Reads the string whose opening quote is at `p.pos`; leaves `p.pos` after the closing quote.
 * The fast path slices runs of plain characters; escapes and specials go to `readSlow`.
 */
export function readString(p) {
    const src = p.src;
    const start = p.pos + 1;
    let i = start;
    // Short strings: a plain loop. Long ones: the native regex engine finds the next special.
    const limit = start + 24;
    for (;;) {
        const c = src.charCodeAt(i); // NaN past the end fails every test below
        if (c >= 0x20 && c < 0xd800 && c !== 0x22 && c !== 0x5c) {
            if (++i < limit)
                continue;
            SPECIAL.lastIndex = i;
            i = SPECIAL.test(src) ? SPECIAL.lastIndex - 1 : src.length;
            continue;
        }
        if (c === 0x22) {
            p.pos = i + 1;
            return src.slice(start, i);
        }
        return readSlow(p, start, i);
    }
}
/** The characters that end the fast path: quote, backslash, controls, and U+D800 and above. */
const SPECIAL = /[\u0000-\u001f"\\\ud800-\uffff]/g;
/** Reads a key; also reports whether it may fold to another key (non-ASCII or A-Z). */
export function readKey(p, out) {
    const src = p.src;
    const start = p.pos + 1;
    let i = start;
    let fold = false;
    for (;;) {
        const c = src.charCodeAt(i);
        if (c >= 0x20 && c < 0x80 && c !== 0x22 && c !== 0x5c) {
            if (c <= 0x5a && c >= 0x41)
                fold = true;
            i++;
            continue;
        }
        if (c === 0x22) {
            p.pos = i + 1;
            out.fold = fold;
            return src.slice(start, i);
        }
        const key = readSlow(p, start, i);
        out.fold = needsFold(key);
        return key;
    }
}
function needsFold(key) {
    for (let i = 0; i < key.length; i++) {
        const c = key.charCodeAt(i);
        if (c >= 0x80 || (c >= 0x41 && c <= 0x5a))
            return true;
    }
    return false;
}
/**
 * The general path: escapes, surrogate pairs, noncharacters, control characters. It validates
 * only; a literal with escapes, once valid, is decoded by the native JSON.parse in one call.
 */
function readSlow(p, start, from) {
    const src = p.src;
    const n = src.length;
    let escapes = false;
    let i = from;
    for (;;) {
        if (i >= n)
            fail('ERR_CANONICAL_SYNTAX', 'unterminated string', src, start - 1);
        const c = src.charCodeAt(i);
        if (c >= 0x20 && c < 0xd800 && c !== 0x22 && c !== 0x5c)
            i++;
        else if (c === 0x22) {
            p.pos = i + 1;
            return escapes ? JSON.parse(src.slice(start - 1, i + 1)) : src.slice(start, i);
        }
        else if (c === 0x5c) {
            escapes = true;
            i = checkEscape(src, i);
        }
        else if (c < 0x20) {
            // RFC 8259 §7: control characters must be escaped; U+0000 is refused even escaped.
            if (c === 0)
                fail('ERR_CANONICAL_NUL', 'U+0000 in a string', src, i);
            fail('ERR_CANONICAL_CONTROL_CHAR', `unescaped control character U+${hex(c)}`, src, i);
        }
        else if (c <= 0xdbff) {
            const lo = src.charCodeAt(i + 1);
            if (!(lo >= 0xdc00 && lo <= 0xdfff))
                fail('ERR_CANONICAL_LONE_SURROGATE', 'unpaired surrogate', src, i);
            if (isPairNoncharacter(c, lo))
                fail('ERR_CANONICAL_NONCHARACTER', 'noncharacter in a string', src, i);
            i += 2;
        }
        else if (c <= 0xdfff) {
            fail('ERR_CANONICAL_LONE_SURROGATE', 'unpaired surrogate', src, i);
        }
        else if (isBmpNoncharacter(c)) {
            fail('ERR_CANONICAL_NONCHARACTER', `noncharacter U+${hex(c)} in a string`, src, i);
        }
        else
            i++;
    }
}
/** Checks the escape at `i` and returns the index after it (RFC 8259 §7). */
function checkEscape(src, i) {
    const e = src.charCodeAt(i + 1);
    // " \ / b f n r t
    if (e === 0x22 || e === 0x5c || e === 0x2f || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74)
        return i + 2;
    if (e !== 0x75)
        fail('ERR_CANONICAL_SYNTAX', 'invalid escape', src, i);
    const cu = hex4(src, i + 2);
    if (cu < 0)
        fail('ERR_CANONICAL_SYNTAX', 'invalid \\u escape', src, i);
    if (cu === 0)
        fail('ERR_CANONICAL_NUL', 'escaped U+0000 in a string', src, i);
    if (cu >= 0xd800 && cu <= 0xdbff) {
        // RFC 8259 §7 / RFC 7493 §2.1: a high surrogate escape must be followed by a low one.
        const lo = src.charCodeAt(i + 6) === 0x5c && src.charCodeAt(i + 7) === 0x75 ? hex4(src, i + 8) : -1;
        if (!(lo >= 0xdc00 && lo <= 0xdfff))
            fail('ERR_CANONICAL_LONE_SURROGATE', `lone surrogate \\u${hex(cu)}`, src, i);
        if (isPairNoncharacter(cu, lo))
            fail('ERR_CANONICAL_NONCHARACTER', 'escaped noncharacter', src, i);
        return i + 12;
    }
    if (cu >= 0xdc00 && cu <= 0xdfff)
        fail('ERR_CANONICAL_LONE_SURROGATE', `lone surrogate \\u${hex(cu)}`, src, i);
    if (isBmpNoncharacter(cu))
        fail('ERR_CANONICAL_NONCHARACTER', `escaped noncharacter U+${hex(cu)}`, src, i);
    return i + 6;
}
function hex4(src, at) {
    let v = 0;
    for (let k = 0; k < 4; k++) {
        const c = src.charCodeAt(at + k);
        let d;
        if (c >= 0x30 && c <= 0x39)
            d = c - 0x30;
        else if (c >= 0x61 && c <= 0x66)
            d = c - 0x57;
        else if (c >= 0x41 && c <= 0x46)
            d = c - 0x37;
        else
            return -1;
        v = (v << 4) | d;
    }
    return v;
}
/** Unicode §23.7: U+FDD0..U+FDEF and U+FFFE/U+FFFF of the BMP. */
function isBmpNoncharacter(c) {
    return (c >= 0xfdd0 && c <= 0xfdef) || c >= 0xfffe;
}
/** U+nFFFE / U+nFFFF of planes 1-16, seen as a surrogate pair. */
function isPairNoncharacter(hi, lo) {
    return (hi & 0x3f) === 0x3f && (lo & 0x3fe) === 0x3fe;
}
function hex(c) {
    return c.toString(16).toUpperCase().padStart(4, '0');
}
//# sourceMappingURL=strings.js.map