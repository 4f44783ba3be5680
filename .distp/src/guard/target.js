/**
 * Splits a raw request-target (origin-form `/p?q`, or absolute-form `http://h/p?q`) without
 * decoding or removing dot segments: RFC 9421 §2.2.6 signs the path as received.
 */
export function splitTarget(target) {
    let rest = target;
    const abs = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*/.exec(rest);
    if (abs !== null)
        rest = rest.slice(abs[0].length);
    const hash = rest.indexOf('#');
    if (hash >= 0)
        rest = rest.slice(0, hash);
    const q = rest.indexOf('?');
    const path = q >= 0 ? rest.slice(0, q) : rest;
    const query = q >= 0 ? rest.slice(q) : '';
    return { path: path === '' ? '/' : path, query };
}
/** A header getter over node's distinct header lists: several lines join with `, ` (RFC 9421 §2.1). */
export function nodeHeaders(req) {
    return (name) => {
        const v = req.headersDistinct[name.toLowerCase()];
        return v === undefined ? null : v.join(', ');
    };
}
//# sourceMappingURL=target.js.map