/** @module policy/json: JSON values and RFC 6901 JSON Pointer resolution. */
/** RFC 6901 §3-4: splits a pointer into unescaped reference tokens ("~1" → "/", then "~0" → "~"). */
export function pointerTokens(pointer) {
    if (pointer === '')
        return [];
    return pointer.slice(1).split('/').map((t) => t.replaceAll('~1', '/').replaceAll('~0', '~'));
}
const INDEX_RE = /^(?:0|[1-9][0-9]*)$/;
/** RFC 6901 §4: the value the tokens address, or undefined when it does not exist. */
export function resolvePointer(root, tokens) {
    let v = root;
    for (const t of tokens) {
        if (v === null || typeof v !== 'object')
            return undefined;
        if (Array.isArray(v)) {
            // §4: an array index is "0" or digits without a leading zero; "-" names no element.
            if (!INDEX_RE.test(t))
                return undefined;
            v = v[Number(t)];
        }
        else {
            v = Object.hasOwn(v, t) ? v[t] : undefined;
        }
    }
    return v;
}
//# sourceMappingURL=json.js.map