/** @module canonical/utf8: size limit, BOM and strict UTF-8 (RFC 3629) before any parsing. */
import { isUtf8 } from 'node:buffer';
import { failAtByte } from './fail.js';
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
/**
 * Checks size, BOM and UTF-8 well-formedness, and returns the decoded text.
 * RFC 3629 §3-4: overlong forms, encoded surrogates (ED A0..BF) and code points above
 * U+10FFFF are ill-formed. RFC 8259 §8.1: a BOM must not be added.
 */
export function decodeStrict(input, maxBytes) {
    if (input.length > maxBytes) {
        failAtByte('ERR_CANONICAL_TOO_LARGE', `input is ${input.length} bytes, larger than the limit of ${maxBytes}`, maxBytes);
    }
    if (input.length >= 3 && input[0] === 0xef && input[1] === 0xbb && input[2] === 0xbf) {
        failAtByte('ERR_CANONICAL_BOM', 'input starts with a UTF-8 byte order mark', 0);
    }
    // isUtf8 (simdutf) is the fast native check; the fatal decoder is a second, independent guard.
    if (!isUtf8(input))
        failAtByte('ERR_CANONICAL_UTF8', 'input is not well-formed UTF-8', firstInvalidUtf8(input));
    try {
        return decoder.decode(input);
    }
    catch {
        return failAtByte('ERR_CANONICAL_UTF8', 'input is not well-formed UTF-8', firstInvalidUtf8(input));
    }
}
/** Offset of the first ill-formed sequence (RFC 3629 §4 syntax), or the length if none. */
export function firstInvalidUtf8(b) {
    let i = 0;
    const n = b.length;
    while (i < n) {
        const c = b[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        let need;
        let lo = 0x80;
        let hi = 0xbf;
        if (c >= 0xc2 && c <= 0xdf)
            need = 1;
        else if (c >= 0xe0 && c <= 0xef) {
            need = 2;
            if (c === 0xe0)
                lo = 0xa0; // overlong
            if (c === 0xed)
                hi = 0x9f; // surrogates
        }
        else if (c >= 0xf0 && c <= 0xf4) {
            need = 3;
            if (c === 0xf0)
                lo = 0x90; // overlong
            if (c === 0xf4)
                hi = 0x8f; // above U+10FFFF
        }
        else
            return i;
        if (i + need >= n)
            return i; // truncated
        const c1 = b[i + 1];
        if (c1 < lo || c1 > hi)
            return i;
        for (let k = 2; k <= need; k++) {
            const ck = b[i + k];
            if (ck < 0x80 || ck > 0xbf)
                return i;
        }
        i += need + 1;
    }
    return n;
}
//# sourceMappingURL=utf8.js.map