/** @module policy/input-schema: where a JSON Pointer lands in a tool's input JSON Schema, and what types it may hold there. */
import { RE2JS } from 're2js';
import { jsonEqual } from './matchers.js';
const ALL_KINDS = ['string', 'boolean', 'object', 'array', 'null', 'integer', 'fraction'];
const MAX_ALTS = 64;
const MAX_DEPTH = 32;
const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
/** The node of a tool's whole input. */
export function rootNode(schema) {
    return { alts: expand(schema, schema), root: schema };
}
/** Kinds of a JSON Schema type name ("number" is both integer and fraction). */
export function kindsOfType(t) {
    if (t === 'number')
        return ['integer', 'fraction'];
    return ALL_KINDS.includes(t) ? [t] : [];
}
/** The kind of a JSON value. */
export function kindOf(v) {
    if (v === null)
        return 'null';
    if (Array.isArray(v))
        return 'array';
    if (typeof v === 'number')
        return Number.isInteger(v) ? 'integer' : 'fraction';
    return typeof v;
}
function product(a, b) {
    if (a.length * b.length > MAX_ALTS)
        return undefined;
    // The same member twice adds nothing (a $ref cycle would otherwise grow every conjunction).
    return a.flatMap((x) => b.map((y) => [...new Set([...x, ...y])]));
}
/** Local references only (#, #/$defs/x); RFC 6901 tokens after percent-decoding (RFC 3986 fragment). */
function deref(ref, root) {
    if (!ref.startsWith('#'))
        return undefined;
    let frag;
    try {
        frag = decodeURIComponent(ref.slice(1));
    }
    catch {
        return undefined;
    }
    if (frag === '')
        return root;
    if (!frag.startsWith('/'))
        return undefined;
    let v = root;
    for (const t of frag.slice(1).split('/').map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'))) {
        v = isObject(v) ? v[t] : Array.isArray(v) && /^(0|[1-9][0-9]*)$/.test(t) ? v[Number(t)] : undefined;
    }
    return v;
}
const UNKNOWN = [[]];
// One object per schema for its own keywords, so that conjunctions can be deduplicated by identity.
const OWN = new WeakMap();
function ownOf(schema) {
    let own = OWN.get(schema);
    if (own === undefined) {
        const { $ref: _r, allOf: _a, anyOf: _y, oneOf: _o, ...rest } = schema;
        own = rest;
        OWN.set(schema, own);
    }
    return own;
}
/** The alternatives of one schema; a schema already being expanded (a $ref cycle) adds no constraint. */
function expand(schema, root, seen = new Set()) {
    if (schema === false)
        return [];
    if (!isObject(schema) || seen.has(schema) || seen.size > MAX_DEPTH)
        return UNKNOWN;
    const inner = new Set(seen).add(schema);
    const { $ref, allOf, anyOf, oneOf } = schema;
    let alts = [[ownOf(schema)]];
    const join = (more) => { alts = alts === undefined ? undefined : product(alts, more); };
    if (typeof $ref === 'string') {
        const target = deref($ref, root);
        join(target === undefined ? UNKNOWN : expand(target, root, inner));
    }
    if (Array.isArray(allOf))
        for (const m of allOf)
            join(expand(m, root, inner));
    for (const list of [anyOf, oneOf]) {
        if (Array.isArray(list))
            join(list.flatMap((m) => expand(m, root, inner)));
    }
    return alts ?? UNKNOWN;
}
function ownKinds(s) {
    const t = s.type;
    if (typeof t === 'string')
        return kindsOfType(t);
    if (Array.isArray(t))
        return t.flatMap((x) => (typeof x === 'string' ? kindsOfType(x) : []));
    if (s.const !== undefined)
        return [kindOf(s.const)];
    if (Array.isArray(s.enum))
        return [...new Set(s.enum.map(kindOf))];
    return ALL_KINDS;
}
function altKinds(alt) {
    let kinds = new Set(ALL_KINDS);
    for (const s of alt) {
        const own = new Set(ownKinds(s));
        kinds = new Set([...kinds].filter((k) => own.has(k)));
    }
    return kinds;
}
/** The kinds a value at this node may have; all seven when the schema does not say. */
export function nodeKinds(node) {
    const out = new Set();
    for (const alt of node.alts)
        for (const k of altKinds(alt))
            out.add(k);
    return out;
}
/** True when some alternative admits `v` by type, enum and const. */
export function admits(node, v) {
    const kind = kindOf(v);
    return node.alts.some((alt) => altKinds(alt).has(kind) && alt.every((s) => (s.const === undefined || jsonEqual(s.const, v)) && (!Array.isArray(s.enum) || s.enum.some((e) => jsonEqual(e, v)))));
}
/** The values an enum or const allows at this node, when every alternative lists them. */
export function listedValues(node) {
    const out = [];
    for (const alt of node.alts) {
        const s = alt.find((m) => m.const !== undefined || Array.isArray(m.enum));
        if (s === undefined)
            return undefined;
        out.push(...(s.const !== undefined ? [s.const] : s.enum));
    }
    return out;
}
function patternMatches(pattern, key) {
    try {
        return RE2JS.compile(pattern).test(key);
    }
    catch {
        return true; // a pattern RE2 cannot read may match: never report a key as missing on a guess
    }
}
/** What one member of a conjunction says of the object member `key`. */
function memberChild(s, key) {
    const subs = [];
    const props = isObject(s.properties) ? s.properties : undefined;
    if (props !== undefined && Object.hasOwn(props, key))
        subs.push(props[key]);
    const patterns = isObject(s.patternProperties) ? s.patternProperties : undefined;
    for (const [p, sub] of Object.entries(patterns ?? {}))
        if (patternMatches(p, key))
            subs.push(sub);
    const lists = props !== undefined || patterns !== undefined;
    if (subs.length > 0)
        return { subs, declared: true, closed: false, lists };
    const extra = s.additionalProperties;
    if (extra === false)
        return { subs, declared: false, closed: true, lists };
    if (extra !== undefined)
        return { subs: [extra], declared: true, closed: false, lists };
    return { subs, declared: false, closed: false, lists };
}
/** The member `key` of an object alternative: its conjunction, or undefined when the alternative rules it out. */
function objectChild(alt, key, root) {
    const finds = alt.map((s) => memberChild(s, key));
    if (finds.some((f) => f.closed))
        return undefined;
    // A schema that lists its properties and says nothing of others: an unlisted key is most likely a slip.
    if (!finds.some((f) => f.declared) && finds.some((f) => f.lists))
        return undefined;
    let found = UNKNOWN;
    for (const sub of finds.flatMap((f) => f.subs))
        found = found === undefined ? undefined : product(found, expand(sub, root));
    return found ?? UNKNOWN;
}
/** The element `token` of an array alternative, or undefined when it cannot exist. */
function arrayChild(alt, token, root) {
    if (!/^(0|[1-9][0-9]*)$/.test(token))
        return undefined; // RFC 6901 §4: "-" and other tokens name no element
    const i = Number(token);
    let found = UNKNOWN;
    for (const s of alt) {
        let sub;
        if (Array.isArray(s.prefixItems) && i < s.prefixItems.length)
            sub = s.prefixItems[i];
        else if (Array.isArray(s.items))
            sub = i < s.items.length ? s.items[i] : s.additionalItems;
        else
            sub = s.items;
        if (sub === false)
            return undefined;
        if (sub !== undefined)
            found = found === undefined ? undefined : product(found, expand(sub, root));
    }
    return found ?? UNKNOWN;
}
/** The node one token below `node`: the object member or array element; no alternatives when none can exist. */
export function childNode(node, token) {
    const alts = [];
    for (const alt of node.alts) {
        const kinds = altKinds(alt);
        // Object keywords do not constrain an array and the reverse (JSON Schema applicability).
        if (kinds.has('object'))
            alts.push(...(objectChild(alt, token, node.root) ?? []));
        if (kinds.has('array'))
            alts.push(...(arrayChild(alt, token, node.root) ?? []));
    }
    return { alts: alts.slice(0, MAX_ALTS), root: node.root };
}
/** The member names an object at this node declares, for "did you mean". */
export function declaredKeys(node) {
    const out = new Set();
    for (const alt of node.alts) {
        for (const s of alt)
            if (isObject(s.properties))
                for (const k of Object.keys(s.properties))
                    out.add(k);
    }
    return [...out];
}
//# sourceMappingURL=input-schema.js.map