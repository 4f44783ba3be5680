/**
 * @module canonical/numbers: RFC 8259 §6 number grammar plus the exactness rule: the decimal
 * value of the literal must equal the decimal value of its RFC 8785 §3.2.2.3 serialisation
 * (ECMAScript Number::toString). Anything else would make the gate and the executor disagree.
 */
import { fail } from './fail.js';
/** Reads the number at `p.pos`; leaves `p.pos` after it. -0 becomes 0. */
export function readNumber(p) {
    const src = p.src;
    const start = p.pos;
    let i = start;
    let c = src.charCodeAt(i);
    const neg = c === 0x2d;
    if (neg)
        c = src.charCodeAt(++i);
    const intStart = i;
    if (c === 0x30) {
        c = src.charCodeAt(++i);
        if (c >= 0x30 && c <= 0x39)
            fail('ERR_CANONICAL_SYNTAX', 'leading zero in a number', src, intStart);
    }
    else if (c >= 0x31 && c <= 0x39) {
        do
            c = src.charCodeAt(++i);
        while (c >= 0x30 && c <= 0x39);
    }
    else
        fail('ERR_CANONICAL_SYNTAX', neg ? 'no digit after minus sign' : 'unexpected character', src, i);
    const intEnd = i;
    // Fast path: an integer of at most 15 digits is always exact in binary64.
    if (c !== 0x2e && c !== 0x65 && c !== 0x45 && intEnd - intStart <= 15) {
        p.pos = i;
        let v = 0;
        for (let k = intStart; k < intEnd; k++)
            v = v * 10 + (src.charCodeAt(k) - 0x30);
        return neg ? 0 - v : v;
    }
    let fracStart = i;
    let fracEnd = i;
    if (c === 0x2e) {
        fracStart = ++i;
        c = src.charCodeAt(i);
        if (!(c >= 0x30 && c <= 0x39))
            fail('ERR_CANONICAL_SYNTAX', 'no digit after decimal point', src, i);
        do
            c = src.charCodeAt(++i);
        while (c >= 0x30 && c <= 0x39);
        fracEnd = i;
    }
    let expStart = i;
    if (c === 0x65 || c === 0x45) {
        c = src.charCodeAt(++i);
        expStart = i;
        if (c === 0x2b || c === 0x2d)
            c = src.charCodeAt(++i);
        if (!(c >= 0x30 && c <= 0x39))
            fail('ERR_CANONICAL_SYNTAX', 'no digit in exponent', src, i);
        do
            c = src.charCodeAt(++i);
        while (c >= 0x30 && c <= 0x39);
    }
    p.pos = i;
    const literal = src.slice(start, i);
    const v = Number(literal);
    if (!Number.isFinite(v))
        fail('ERR_CANONICAL_NUMBER_RANGE', `${clip(literal)} overflows binary64`, src, start);
    // Fast path: the literal already is its own ECMAScript serialisation (JSON.stringify output).
    if (v !== 0 && String(v) === literal)
        return v;
    const digits = src.slice(intStart, intEnd) + src.slice(fracStart, fracEnd);
    if (v === 0) {
        if (/[1-9]/.test(digits))
            fail('ERR_CANONICAL_NUMBER_RANGE', `${clip(literal)} underflows to zero`, src, start);
        return 0;
    }
    const exp = expStart < i ? Number(src.slice(expStart, i)) : 0;
    if (!sameDecimal(digits, exp - (fracEnd - fracStart), String(v))) {
        fail('ERR_CANONICAL_NUMBER_PRECISION', `${clip(literal)} is not exactly ${String(v)} in binary64; send it as a string`, src, start);
    }
    return v;
}
/**
 * True when digits × 10^exp (unsigned; sign is checked by construction) equals the value of
 * the ECMAScript serialisation `s`. Both sides are reduced to (significant digits, exponent).
 */
function sameDecimal(digits, exp, s) {
    const a = normalise(digits, exp);
    const m = /^-?(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(s);
    if (m === null)
        return false;
    const frac = m[2] ?? '';
    const b = normalise((m[1] ?? '') + frac, Number(m[3] ?? '0') - frac.length);
    return a.digits === b.digits && a.exp === b.exp;
}
function normalise(digits, exp) {
    let lo = 0;
    while (lo < digits.length - 1 && digits.charCodeAt(lo) === 0x30)
        lo++;
    let hi = digits.length;
    while (hi > lo + 1 && digits.charCodeAt(hi - 1) === 0x30)
        hi--;
    return { digits: digits.slice(lo, hi), exp: exp + (digits.length - hi) };
}
function clip(s) {
    return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}
//# sourceMappingURL=numbers.js.map