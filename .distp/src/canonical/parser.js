/**
 * @module canonical/parser: the strict, non-recursive RFC 8259 parser. One pass builds the value
 * and enforces every rule of the profile; an explicit stack bounds depth without recursion.
 */
import { fail } from './fail.js';
import { foldKey } from './fold.js';
import { readNumber } from './numbers.js';
import { readKey, readString } from './strings.js';
const keyInfo = { fold: false };
/** Parses decoded text under the strict profile. Throws VerbatimError on any rejection. */
export function parseStrict(src, o) {
    const p = { src, pos: 0 };
    const n = src.length;
    const stack = [];
    let depth = 0;
    let i = skipWs(src, 0);
    if (i >= n)
        fail('ERR_CANONICAL_EMPTY', 'empty or whitespace-only body', src, 0);
    let value;
    for (;;) {
        // Parse one value starting at i.
        const c = src.charCodeAt(i);
        if (c === 0x7b || c === 0x5b) {
            if (depth >= o.maxDepth)
                fail('ERR_CANONICAL_DEPTH', `nesting deeper than ${o.maxDepth}`, src, i);
            const isObj = c === 0x7b;
            i = skipWs(src, i + 1);
            if (src.charCodeAt(i) === (isObj ? 0x7d : 0x5d)) {
                value = isObj ? {} : [];
                i++;
            }
            else {
                // Frames are reused by depth: the stack never allocates on the hot path.
                const parent = depth > 0 ? stack[depth - 1] : undefined;
                let frame = stack[depth];
                if (frame === undefined) {
                    frame = { arr: undefined, obj: undefined, key: '', folds: undefined, ctor: false };
                    stack.push(frame);
                }
                depth++;
                frame.folds = undefined;
                frame.ctor = parent?.obj !== undefined && parent.key === 'constructor';
                if (isObj) {
                    frame.arr = undefined;
                    frame.obj = {};
                    i = startKey(p, frame, i, o);
                }
                else {
                    frame.arr = [];
                    frame.obj = undefined;
                }
                continue;
            }
        }
        else if (c === 0x22) {
            p.pos = i;
            value = readString(p);
            i = p.pos;
        }
        else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
            p.pos = i;
            value = readNumber(p);
            i = p.pos;
        }
        else if (c === 0x74 && src.startsWith('true', i)) {
            value = true;
            i += 4;
        }
        else if (c === 0x66 && src.startsWith('false', i)) {
            value = false;
            i += 5;
        }
        else if (c === 0x6e && src.startsWith('null', i)) {
            value = null;
            i += 4;
        }
        else {
            fail('ERR_CANONICAL_SYNTAX', i >= n ? 'unexpected end of input' : 'unexpected character', src, i);
        }
        // Attach the value to open containers, closing as many as the input closes.
        for (;;) {
            if (depth === 0) {
                i = skipWs(src, i);
                if (i < n)
                    fail('ERR_CANONICAL_TRAILING', 'data after the JSON value', src, i);
                return value;
            }
            const top = stack[depth - 1];
            i = skipWs(src, i);
            const c2 = src.charCodeAt(i);
            if (top.arr !== undefined) {
                top.arr.push(value);
                if (c2 === 0x2c) {
                    i = skipWs(src, i + 1);
                    break;
                }
                if (c2 !== 0x5d)
                    fail('ERR_CANONICAL_SYNTAX', "expected ',' or ']'", src, i);
                value = top.arr;
            }
            else {
                const obj = top.obj;
                setOwn(obj, top.key, value);
                if (c2 === 0x2c) {
                    i = startKey(p, top, skipWs(src, i + 1), o);
                    break;
                }
                if (c2 !== 0x7d)
                    fail('ERR_CANONICAL_SYNTAX', "expected ',' or '}'", src, i);
                value = obj;
            }
            depth--;
            i++;
        }
    }
}
/** Reads `"key" :` at i, checks it against the object so far, and returns where its value starts. */
function startKey(p, f, i, o) {
    const src = p.src;
    if (src.charCodeAt(i) !== 0x22)
        fail('ERR_CANONICAL_SYNTAX', 'expected a string key', src, i);
    p.pos = i;
    const key = readKey(p, keyInfo);
    const obj = f.obj;
    // Values are never undefined, so a defined own value means a duplicate (RFC 8259 §4, RFC 7493 §2.3).
    if (obj[key] !== undefined && Object.hasOwn(obj, key))
        fail('ERR_CANONICAL_DUPLICATE_KEY', `duplicate key ${quote(key)}`, src, i);
    if (o.rejectPrototypeKeys) {
        if (key === '__proto__')
            fail('ERR_CANONICAL_PROTO_KEY', 'key "__proto__"', src, i);
        if (key === 'prototype' && f.ctor)
            fail('ERR_CANONICAL_PROTO_KEY', 'key "constructor" holding "prototype"', src, i);
    }
    if (o.rejectCaseCollisions) {
        const folded = keyInfo.fold ? foldKey(key) : key;
        // Two distinct keys can share a fold only if one of them is not its own fold, so the set
        // is built lazily, seeded once with the earlier keys (each of which is its own fold).
        if (f.folds === undefined && folded !== key)
            f.folds = new Set(Object.keys(obj));
        if (f.folds !== undefined) {
            if (f.folds.has(folded))
                fail('ERR_CANONICAL_CASE_COLLISION', `key ${quote(key)} collides with another key under case folding`, src, i);
            f.folds.add(folded);
        }
    }
    f.key = key;
    i = skipWs(src, p.pos);
    if (src.charCodeAt(i) !== 0x3a)
        fail('ERR_CANONICAL_SYNTAX', "expected ':'", src, i);
    return skipWs(src, i + 1);
}
/** Sets an own data property; `__proto__` included, it never reaches the prototype. */
function setOwn(obj, key, value) {
    if (key === '__proto__')
        Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
    else
        obj[key] = value;
}
/** RFC 8259 §2: whitespace is space, tab, LF and CR only. */
function skipWs(src, i) {
    for (;;) {
        const c = src.charCodeAt(i);
        if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09)
            i++;
        else
            return i;
    }
}
function quote(key) {
    return JSON.stringify(key.length > 40 ? `${key.slice(0, 37)}...` : key);
}
//# sourceMappingURL=parser.js.map