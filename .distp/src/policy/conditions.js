/** @module policy/conditions: compile a condition into a test and an explanation, once, at load. */
import { RE2JS } from 're2js';
import { pointerTokens, resolvePointer } from './json.js';
import { canonicalUrlHost, codePointLength, isCanonicalAbsolutePath, jsonEqual, jsonType, pathIsUnder, utf8AtMost, utf8ByteLength, } from './matchers.js';
import { OPERATORS } from './schema.js';
const MAX_SHOW = 60;
/** A short JSON rendering of a value for reasons. */
export function show(v) {
    const s = v === undefined ? 'missing' : JSON.stringify(v);
    return s.length > MAX_SHOW ? s.slice(0, MAX_SHOW - 1) + '…' : s;
}
/** The pointers a condition reads, from its base: its own, or its nested conditions' under it (`each`: the whole array). */
export function conditionReads(c) {
    const p = c.pointer ?? '';
    const kids = c.allOf ?? c.anyOf ?? (c.not === undefined ? undefined : [c.not]);
    return kids === undefined ? [p] : kids.flatMap((k) => conditionReads(k).map((r) => p + r));
}
/** Compiles one condition at `path`; a pattern RE2 refuses goes to `sink` (the schema refuses it first). */
export function compileCondition(c, path, sink) {
    return { ...compileOne(c, path, sink), reads: conditionReads(c) };
}
function compileOne(c, path, sink) {
    const op = OPERATORS.find((o) => c[o] !== undefined);
    const tokens = c.pointer === undefined ? undefined : pointerTokens(c.pointer);
    const at = (base) => (tokens === undefined ? base : resolvePointer(base, tokens));
    const where = c.pointer === undefined ? 'value' : c.pointer === '' ? '(whole value)' : c.pointer;
    if (op === 'allOf' || op === 'anyOf') {
        const kids = (c[op] ?? []).map((k, i) => compileCondition(k, [...path, op, i], sink));
        const all = op === 'allOf';
        return {
            op, pointer: c.pointer,
            holds: (base) => {
                const v = at(base);
                if (v === undefined)
                    return false;
                return all ? kids.every((k) => k.holds(v)) : kids.some((k) => k.holds(v));
            },
            why: (base) => {
                const v = at(base);
                if (v === undefined)
                    return `no value at ${where}`;
                const failed = kids.filter((k) => !k.holds(v));
                if (all)
                    return failed.length === 0 ? `all ${kids.length} held` : `not all held: ${failed[0].why(v)}`;
                const ok = kids.find((k) => k.holds(v));
                return ok !== undefined ? `one held: ${ok.why(v)}` : `none held: ${kids.map((k) => k.why(v)).join('; ')}`;
            },
        };
    }
    if (op === 'not') {
        const kid = compileCondition(c.not, [...path, 'not'], sink);
        return {
            op, pointer: c.pointer,
            holds: (base) => {
                const v = at(base);
                return v !== undefined && !kid.holds(v);
            },
            why: (base) => {
                const v = at(base);
                if (v === undefined)
                    return `no value at ${where}`;
                return kid.holds(v) ? `inner condition held: ${kid.why(v)}` : `inner condition did not hold: ${kid.why(v)}`;
            },
        };
    }
    if (op === 'each') {
        const kid = compileCondition(c.each, [...path, 'each'], sink);
        const bad = (v) => v.findIndex((e) => !kid.holds(e));
        return {
            op, pointer: c.pointer,
            holds: (base) => {
                const v = at(base);
                return Array.isArray(v) && bad(v) === -1;
            },
            why: (base) => {
                const v = at(base);
                if (v === undefined)
                    return `no value at ${where}`;
                if (!Array.isArray(v))
                    return `${where} is ${jsonType(v)}, each needs an array`;
                const i = bad(v);
                return i === -1 ? `all ${v.length} elements held` : `element ${i} did not hold: ${kid.why(v[i])}`;
            },
        };
    }
    if (op === 'exists' || op === 'absent') {
        const want = op === 'exists';
        return {
            op, pointer: c.pointer,
            holds: (base) => (at(base) !== undefined) === want,
            why: (base) => (at(base) === undefined ? `no value at ${where}` : `${where} is present`),
        };
    }
    const leaf = leafFor(c, op, path, sink);
    return {
        op, pointer: c.pointer,
        holds: (base) => {
            const v = at(base);
            if (v === undefined)
                return false;
            if (leaf.need !== undefined && !hasType(v, leaf.need))
                return false;
            return leaf.test(v);
        },
        why: (base) => {
            const v = at(base);
            if (v === undefined)
                return `no value at ${where}`;
            if (leaf.need !== undefined && !hasType(v, leaf.need))
                return `${show(v)} is ${jsonType(v)}, ${op} needs ${leaf.need}`;
            if (leaf.test(v))
                return `${show(v)} ${leaf.text}`;
            return leaf.whyNot?.(v) ?? `${show(v)} does not satisfy: ${leaf.text}`;
        },
    };
}
function hasType(v, need) {
    return need === 'array' ? Array.isArray(v) : typeof v === need;
}
function leafFor(c, op, path, sink) {
    switch (op) {
        case 'equals': {
            const want = c.equals;
            return { text: `equals ${show(want)}`, test: (v) => jsonEqual(v, want) };
        }
        case 'in':
        case 'notIn': {
            const list = (c[op] ?? []);
            const prims = list.every((x) => x === null || typeof x !== 'object') ? new Set(list) : undefined;
            const member = (v) => (prims !== undefined && (v === null || typeof v !== 'object') ? prims.has(v) : list.some((x) => jsonEqual(v, x)));
            return op === 'in'
                ? { text: `is in ${show(list)}`, test: member }
                : { text: `is not in ${show(list)}`, test: (v) => !member(v) };
        }
        case 'type': {
            const t = c.type;
            return { text: `is of type ${t}`, test: (v) => (t === 'integer' ? Number.isInteger(v) : jsonType(v) === t) };
        }
        case 'min': {
            const n = c.min;
            return { need: 'number', text: `is at least ${n}`, test: (v) => v >= n };
        }
        case 'max': {
            const n = c.max;
            return { need: 'number', text: `is at most ${n}`, test: (v) => v <= n };
        }
        case 'minLength': {
            const n = c.minLength;
            return { need: 'string', text: `has at least ${n} characters`, test: (v) => codePointLength(v) >= n };
        }
        case 'maxLength': {
            const n = c.maxLength;
            return { need: 'string', text: `has at most ${n} characters`, test: (v) => codePointLength(v) <= n };
        }
        case 'minBytes': {
            const n = c.minBytes;
            return {
                need: 'string', text: `has at least ${n} bytes in UTF-8`, test: (v) => !utf8AtMost(v, n - 1),
                whyNot: (v) => `${show(v)} has ${utf8ByteLength(v)} bytes in UTF-8, fewer than ${n}`,
            };
        }
        case 'maxBytes': {
            const n = c.maxBytes;
            return {
                need: 'string', text: `has at most ${n} bytes in UTF-8`, test: (v) => utf8AtMost(v, n),
                whyNot: (v) => `${show(v)} has ${utf8ByteLength(v)} bytes in UTF-8, more than ${n}`,
            };
        }
        case 'maxItems': {
            const n = c.maxItems;
            return { need: 'array', text: `has at most ${n} items`, test: (v) => v.length <= n };
        }
        case 'prefix': {
            const p = c.prefix;
            return { need: 'string', text: `starts with ${show(p)}`, test: (v) => v.startsWith(p) };
        }
        case 'pattern':
            return patternLeaf(c.pattern, [...path, 'pattern'], sink);
        case 'pathUnder': {
            const base = c.pathUnder; // canonical: the schema refuses any other base
            return {
                need: 'string', text: `is under ${base}`, test: (v) => pathIsUnder(v, base),
                whyNot: (v) => (isCanonicalAbsolutePath(v) ? `${show(v)} is not under ${base}` : `${show(v)} is not a canonical absolute path`),
            };
        }
        case 'urlHost': {
            const hosts = typeof c.urlHost === 'string' ? [c.urlHost] : (c.urlHost ?? []); // canonical, as the schema requires
            const set = new Set(hosts);
            return {
                need: 'string', text: `is a canonical URL with host in ${show(hosts)}`,
                test: (v) => set.has(canonicalUrlHost(v) ?? ''),
                whyNot: (v) => {
                    const h = canonicalUrlHost(v);
                    return h === undefined ? `${show(v)} is not a canonical URL (new URL(v).href must equal v, no userinfo)` : `host ${show(h)} is not in ${show(hosts)}`;
                },
            };
        }
        default:
            throw new Error(`unreachable operator ${op}`);
    }
}
/** re2js runs in linear time (no backtracking), so no pattern can stall the gate. Search semantics. */
function patternLeaf(pattern, path, sink) {
    let re;
    try {
        re = RE2JS.compile(pattern);
    }
    catch (e) {
        sink(path, `not a valid RE2 pattern: ${e instanceof Error ? e.message : String(e)}`);
    }
    return { need: 'string', text: `matches /${pattern}/`, test: (v) => re?.test(v) ?? false };
}
//# sourceMappingURL=conditions.js.map