/** @module audit/arguments: what a decision record keeps of the arguments: none, redacted (RFC 6901 pointers), or full; pure. */
import { pointerTokens, resolvePointer } from '../policy/index.js';
import { jcs, sha256Hex } from './record.js';
export const ARGUMENTS_MODES = ['none', 'redacted', 'full'];
/** RFC 6901 §3: "" or a sequence of "/" reference tokens, with "~" only as "~0" or "~1". */
export const JSON_POINTER_RE = /^(?:\/(?:[^~/]|~[01])*)*$/;
/** What a redacted value becomes: `sha256:` and the hex SHA-256 of its RFC 8785 bytes. Whoever holds a candidate value can check it. */
export function redactedDigest(value) {
    return `sha256:${sha256Hex(jcs(value))}`;
}
/** `root` with the value at `tokens` replaced, copying only the containers on the way. */
function replaceAt(root, tokens, i, by) {
    if (i === tokens.length)
        return by;
    const t = tokens[i];
    if (Array.isArray(root)) {
        const copy = [...root];
        copy[Number(t)] = replaceAt(root[Number(t)], tokens, i + 1, by);
        return copy;
    }
    const obj = root;
    const copy = { ...obj };
    // defineProperty: a key such as "__proto__" stays an own member, as it was parsed.
    Object.defineProperty(copy, t, { value: replaceAt(obj[t], tokens, i + 1, by), enumerable: true, writable: true, configurable: true });
    return copy;
}
/**
 * Redacts `value`: each pointer that resolves is replaced by the digest of what was there. A pointer
 * under another one that resolved is covered by it. Returns the value and the pointers applied.
 */
export function redact(value, pointers) {
    const list = [...new Set(pointers)].map((p) => ({ p, tokens: pointerTokens(p) })).sort((a, b) => a.tokens.length - b.tokens.length);
    const applied = [];
    let out = value;
    for (const x of list) {
        if (applied.some((a) => a.tokens.length <= x.tokens.length && a.tokens.every((t, i) => t === x.tokens[i])))
            continue;
        const original = resolvePointer(value, x.tokens);
        if (original === undefined)
            continue;
        out = replaceAt(out, x.tokens, 0, redactedDigest(original));
        applied.push(x);
    }
    return { value: out, redacted: applied.map((a) => a.p) };
}
/**
 * The decision record's `arguments` (and `redacted`, the pointers replaced) under the setting:
 * nothing for `none`, the canonical value for `full`.
 * @example recordArguments({ path: '/w/a', token: 's3cret' }, { mode: 'redacted', redact: ['/token'] })
 * // { arguments: { path: '/w/a', token: 'sha256:…' }, redacted: ['/token'] }
 */
export function recordArguments(value, cfg) {
    if (cfg === undefined || cfg.mode === 'none')
        return {};
    if (cfg.mode === 'full')
        return { arguments: value };
    const r = redact(value, cfg.redact);
    return { arguments: r.value, redacted: r.redacted };
}
/** Whether a policy condition's pointer reads a redacted value (the same pointer, inside it, or around it). */
export function touchesRedacted(pointer, redacted) {
    if (redacted.length === 0)
        return false;
    if (pointer === undefined)
        return true;
    const p = pointerTokens(pointer);
    return redacted.some((r) => {
        const t = pointerTokens(r);
        const n = Math.min(p.length, t.length);
        for (let i = 0; i < n; i++)
            if (p[i] !== t[i])
                return false;
        return true;
    });
}
//# sourceMappingURL=arguments.js.map