/** @module policy/faults: zod issues on a policy file, as faults that say what is wrong and suggest the fix. */
import { z } from 'zod';
import { ConditionSchema, NO_CONTENT, NO_OPERATOR, NO_POINTER, OPERATORS, PolicyFileSchema } from './schema.js';
import { closestName } from './suggest.js';
function unwrap(s) {
    let t = s;
    while (t instanceof z.ZodOptional || t instanceof z.ZodDefault)
        t = t.unwrap();
    return t;
}
/** The object schema that a value path of a policy file lands on, if any. */
function objectAt(path) {
    let s = unwrap(PolicyFileSchema);
    for (const seg of path) {
        if (s instanceof z.ZodObject) {
            const child = s.shape[String(seg)];
            if (child === undefined)
                return undefined;
            s = unwrap(child);
        }
        else if (s instanceof z.ZodArray) {
            s = unwrap(s.element);
        }
        else {
            return undefined;
        }
    }
    return s instanceof z.ZodObject ? s : undefined;
}
const quote = (v) => (typeof v === 'string' ? `'${v}'` : JSON.stringify(v) ?? String(v));
const where = (path) => (path.length === 0 ? 'file' : path.map(String).join('.'));
const key = (path) => path.map(String).join('\u0000');
function kindOf(v) {
    if (v === null)
        return 'null';
    if (Array.isArray(v))
        return 'array';
    return typeof v;
}
function oneOf(values) {
    const shown = values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
    if (shown.length <= 2)
        return shown.join(' or ');
    return `one of ${shown.join(', ')}`;
}
/** One fault per unknown key, with the closest known key (or operator) when one is close. */
function unknownKeyFaults(issue, locate) {
    const object = objectAt(issue.path);
    const known = object === undefined ? [] : Object.keys(object.shape);
    const isCondition = object === ConditionSchema;
    return issue.keys.map((k) => {
        const best = closestName(k, known);
        const what = isCondition && best !== 'pointer' ? 'operator' : 'key';
        const hint = best !== undefined
            ? `; did you mean '${best}'?`
            : ` (${what === 'operator' ? `operators: ${OPERATORS.join(', ')}` : `expected: ${known.join(', ')}`})`;
        return locate([...issue.path, k], `${where(issue.path)}: unknown ${what} '${k}'${hint}`, 'key');
    });
}
function kindParam(issue) {
    return issue.code === 'custom' ? issue.params?.kind : undefined;
}
/**
 * Explains every issue of one file at once, each where `yaml` saw it, sorted by position. One
 * mistake gives one fault: an unknown key that suggests a missing required key, operator or pointer
 * stands for that key's "missing" fault too.
 */
export function issueFaults(issues, locate) {
    const unknownAt = new Map();
    for (const issue of issues) {
        if (issue.code !== 'unrecognized_keys')
            continue;
        const known = Object.keys(objectAt(issue.path)?.shape ?? {});
        unknownAt.set(key(issue.path), issue.keys.map((k) => closestName(k, known) ?? ''));
    }
    const out = [];
    for (const issue of issues) {
        const at = where(issue.path);
        const kind = kindParam(issue);
        if (issue.code === 'unrecognized_keys') {
            out.push(...unknownKeyFaults(issue, locate));
        }
        else if (kind === NO_OPERATOR || kind === NO_POINTER) {
            if (!unknownAt.has(key(issue.path)))
                out.push(locate(issue.path, `${at}: ${issue.message}`));
        }
        else if (kind === NO_CONTENT) {
            const meant = unknownAt.get(key(issue.path)) ?? [];
            if (!meant.includes('rules') && !meant.includes('tests'))
                out.push(locate(issue.path, `${at}: ${issue.message}`));
        }
        else if (issue.input === undefined && issue.path.length > 0 && (issue.code === 'invalid_type' || issue.code === 'invalid_value')) {
            const parent = issue.path.slice(0, -1);
            if (unknownAt.get(key(parent))?.includes(String(issue.path.at(-1))))
                continue;
            const expected = issue.code === 'invalid_type' ? issue.expected : oneOf(issue.values);
            out.push(locate(parent, `${at}: missing, expected ${expected}`));
        }
        else if (issue.code === 'invalid_value') {
            const strings = issue.values.filter((v) => typeof v === 'string');
            const best = typeof issue.input === 'string' ? closestName(issue.input, strings) : undefined;
            out.push(locate(issue.path, `${at}: expected ${oneOf(issue.values)}, got ${quote(issue.input)}${best === undefined ? '' : `; did you mean '${best}'?`}`));
        }
        else if (issue.code === 'invalid_type') {
            out.push(locate(issue.path, `${at}: expected ${issue.expected}, got ${kindOf(issue.input)}`));
        }
        else {
            out.push(locate(issue.path, `${at}: ${issue.message}`));
        }
    }
    return out.sort((a, b) => a.line - b.line || a.col - b.col);
}
//# sourceMappingURL=faults.js.map