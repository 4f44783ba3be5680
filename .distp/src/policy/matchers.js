/** @module policy/matchers: pure value tests. They compare the spelling that runs; none normalises. */
import { Buffer } from 'node:buffer';
/**
 * True when `p` is already the canonical absolute path: it starts with "/", has no empty, "." or
 * ".." segment (RFC 3986 §5.2.4 dot segments, POSIX "//"), no trailing "/", no backslash and no
 * control character. The executor will open this exact string, so no cleaned-up copy is compared.
 */
export function isCanonicalAbsolutePath(p) {
    if (p === '/')
        return true;
    if (!p.startsWith('/') || p.endsWith('/'))
        return false;
    if (/[\\\u0000-\u001f\u007f]/.test(p))
        return false;
    for (const seg of p.slice(1).split('/')) {
        if (seg === '' || seg === '.' || seg === '..')
            return false;
    }
    return true;
}
/** `p` is `base` or lies beneath it, both compared as canonical text. */
export function pathIsUnder(p, base) {
    if (!isCanonicalAbsolutePath(p))
        return false;
    if (p === base)
        return true;
    return p.startsWith(base === '/' ? '/' : base + '/');
}
/**
 * The host of `v` when `v` is a WHATWG URL whose serialisation is `v` itself (so the executor's
 * URL parser sees the same string) and has no userinfo (RFC 3986 §3.2.1, deprecated and a spoofing
 * vector). Otherwise undefined.
 */
export function canonicalUrlHost(v) {
    let url;
    try {
        url = new URL(v);
    }
    catch {
        return undefined;
    }
    if (url.href !== v || url.username !== '' || url.password !== '' || url.host === '')
        return undefined;
    return url.host;
}
/** A host as it appears in a canonical URL (lowercase, punycode, port only when not default). */
export function isCanonicalHost(h) {
    try {
        const url = new URL(`https://${h}/`);
        return url.host === h && url.username === '' && url.pathname === '/' && url.href === `https://${h}/`;
    }
    catch {
        return false;
    }
}
/** The JSON type name of a value, as the `type` operator spells it ("integer" is a number). */
export function jsonType(v) {
    if (v === null)
        return 'null';
    if (Array.isArray(v))
        return 'array';
    return typeof v;
}
/** Structural equality of JSON values; object key order does not matter. */
export function jsonEqual(a, b) {
    if (a === b)
        return true;
    if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null)
        return false;
    if (Array.isArray(a)) {
        if (!Array.isArray(b) || a.length !== b.length)
            return false;
        return a.every((x, i) => jsonEqual(x, b[i]));
    }
    if (Array.isArray(b))
        return false;
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length)
        return false;
    return ka.every((k) => Object.hasOwn(b, k) && jsonEqual(a[k], b[k]));
}
/** Length in Unicode code points, as JSON Schema counts it, not UTF-16 units. */
export function codePointLength(s) {
    let n = 0;
    for (let i = 0; i < s.length; i++) {
        const c = s.charCodeAt(i);
        if (c < 0xd800 || c > 0xdbff || i + 1 >= s.length)
            n++;
        else {
            n++;
            i++;
        }
    }
    return n;
}
/**
 * Length in UTF-8 bytes (RFC 3629): what the executor writes, whatever escapes the JSON used.
 * Each UTF-16 unit is 1 to 3 bytes (a surrogate pair is 2 units and 4 bytes), so most strings
 * are decided by their `.length` alone and only the rest are counted.
 */
export function utf8ByteLength(s) {
    return Buffer.byteLength(s, 'utf8');
}
/** True when `s` has at most `n` UTF-8 bytes. */
export function utf8AtMost(s, n) {
    if (s.length > n)
        return false;
    if (s.length * 3 <= n)
        return true;
    return utf8ByteLength(s) <= n;
}
//# sourceMappingURL=matchers.js.map