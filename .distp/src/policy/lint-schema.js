import { admits, childNode, declaredKeys, kindsOfType, listedValues, nodeKinds } from './input-schema.js';
import { pointerTokens } from './json.js';
import { OPERATORS } from './schema.js';
import { closestName } from './suggest.js';
const NEEDS = {
    min: { kinds: ['integer', 'fraction'], name: 'a number' },
    max: { kinds: ['integer', 'fraction'], name: 'a number' },
    ...Object.fromEntries(['minLength', 'maxLength', 'minBytes', 'maxBytes', 'prefix', 'pattern', 'pathUnder', 'urlHost']
        .map((op) => [op, { kinds: ['string'], name: 'a string' }])),
    maxItems: { kinds: ['array'], name: 'an array' },
    each: { kinds: ['array'], name: 'an array' },
};
const ALL = 7;
/** How the schema types a location, in JSON Schema's words: "string", "integer or null". */
function typeText(kinds) {
    const names = [];
    const hasInt = kinds.has('integer');
    const hasFrac = kinds.has('fraction');
    for (const k of kinds) {
        if (k === 'integer')
            names.push(hasFrac ? 'number' : 'integer');
        else if (k !== 'fraction')
            names.push(k);
        else if (!hasInt)
            names.push('number');
    }
    return names.length === 0 ? 'never present' : names.join(' or ');
}
const show = (v) => JSON.stringify(v);
const escapeToken = (t) => t.replaceAll('~', '~0').replaceAll('/', '~1'); // RFC 6901 §3
/** Walks a rule's `when` against the node of a tool's whole input. */
export function checkConditions(when, root) {
    const out = [];
    when.forEach((c, i) => checkCondition(c, ['when', i], root, '', true, out));
    return out;
}
function checkCondition(c, path, base, basePointer, required, out) {
    const op = OPERATORS.find((o) => c[o] !== undefined);
    let node = base;
    const pointer = basePointer + (c.pointer ?? '');
    if (c.pointer !== undefined) {
        let rel = '';
        for (const token of pointerTokens(c.pointer)) {
            const next = childNode(node, token);
            if (next.alts.length === 0) {
                const best = closestName(token, declaredKeys(node));
                // The fix is the pointer to write here, relative like the condition's own.
                const fix = best === undefined ? '' : `; did you mean '${rel}/${escapeToken(best)}'?`;
                const at = basePointer + rel;
                const where = at === '' ? 'the input' : `'${at}'`;
                out.push({ path: [...path, 'pointer'], text: `'${pointer}' is not in the input schema of {tools}: ${where} has no ${JSON.stringify(token)}${fix}`, required });
                return;
            }
            rel += `/${escapeToken(token)}`;
            node = next;
        }
    }
    const kinds = nodeKinds(node);
    const known = kinds.size < ALL;
    const where = pointer === '' ? 'the input' : `'${pointer}'`;
    const need = NEEDS[op];
    if (need !== undefined && known && !need.kinds.some((k) => kinds.has(k))) {
        out.push({ path: [...path, op], text: `${op} needs ${need.name}, but ${where} is ${typeText(kinds)} in the input schema of {tools}`, required });
        return;
    }
    if (op === 'type' && known) {
        const t = c.type;
        if (!kindsOfType(t).some((k) => kinds.has(k))) {
            out.push({ path: [...path, 'type'], text: `type ${t} contradicts the input schema of {tools}, where ${where} is ${typeText(kinds)}`, required });
        }
    }
    if (op === 'equals' || op === 'in') {
        const values = op === 'equals' ? [c.equals] : c.in;
        if (!values.some((v) => admits(node, v))) {
            const listed = listedValues(node);
            const allowed = listed !== undefined ? `one of ${listed.map(show).join(', ')}` : typeText(kinds);
            const what = op === 'equals' ? `${show(values[0])} is not` : `none of ${show(values)} is`;
            out.push({ path: [...path, op], text: `${what} allowed by the input schema of {tools}, where ${where} is ${allowed}`, required });
        }
    }
    if (op === 'each') {
        // "/*" stands for every element in messages; it is not a pointer anyone writes.
        checkCondition(c.each, [...path, 'each'], childNode(node, '0'), `${pointer}/*`, required, out);
    }
    if (op === 'allOf' || op === 'anyOf') {
        c[op].forEach((k, i) => checkCondition(k, [...path, op, i], node, pointer, required && op === 'allOf', out));
    }
    if (op === 'not')
        checkCondition(c.not, [...path, 'not'], node, pointer, false, out);
}
//# sourceMappingURL=lint-schema.js.map