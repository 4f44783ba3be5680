/** @module audit/record: build and check one record: RFC 8785 line, per-record hash, chain link. */
import { hash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { VerbatimError } from '../errors/index.js';
import { AUDIT_FORMAT_VERSION, AUDIT_RECORD_TYPES, RESERVED_KEYS } from './types.js';
/** `prev` of the first record of a log. */
export const GENESIS_HASH = '0'.repeat(64);
export function sha256Hex(data) {
    return hash('sha256', data, 'hex');
}
/** RFC 8785 serialisation; throws on values JCS cannot represent. */
export function jcs(value) {
    const s = canonicalize(value);
    if (s === undefined)
        throw new VerbatimError('ERR_INTERNAL', 'audit: value has no RFC 8785 form');
    return s;
}
const SURROGATE = /[\ud800-\udfff]/;
/**
 * RFC 8785 for one member value. Scalars take the short road (§3.2.2.2 strings and §3.2.2.3 numbers
 * serialise exactly as ES JSON.stringify does, once lone surrogates and non-finite numbers are
 * excluded); anything else, and any string with a surrogate, goes through `canonicalize`.
 */
function jcsValue(v) {
    if (typeof v === 'string' && !SURROGATE.test(v))
        return JSON.stringify(v);
    if (typeof v === 'number' && Number.isFinite(v))
        return JSON.stringify(v);
    if (typeof v === 'boolean' || v === null)
        return JSON.stringify(v);
    return jcs(v);
}
/**
 * Builds the record `{v, seq, ts, type, prev, ...fields, hash}` where
 * hash = SHA-256(JCS(record without hash)).
 */
export function buildRecord(seq, ts, type, prev, fields) {
    for (const k of Object.keys(fields)) {
        if (RESERVED_KEYS.has(k))
            throw new VerbatimError('ERR_INTERNAL', `audit: field '${k}' is reserved`);
    }
    const body = { ...fields, v: AUDIT_FORMAT_VERSION, seq, ts, type, prev };
    // RFC 8785 §3.2.3: members sorted by UTF-16 code units. Serialise each member once; the line is
    // the same members with `hash` spliced in at its sorted place, so JCS runs once per record.
    const keys = Object.keys(body).sort();
    const members = keys.map((k) => `${JSON.stringify(k)}:${jcsValue(body[k])}`);
    const hash = sha256Hex(`{${members.join(',')}}`);
    const at = keys.findIndex((k) => k > 'hash');
    members.splice(at === -1 ? members.length : at, 0, `"hash":${JSON.stringify(hash)}`);
    const record = { ...body, hash };
    return { record, line: `{${members.join(',')}}\n`, hash };
}
function isEnvelope(v) {
    if (typeof v !== 'object' || v === null || Array.isArray(v))
        return false;
    const r = v;
    return (Number.isSafeInteger(r['seq']) && r['seq'] >= 0 &&
        typeof r['ts'] === 'number' && typeof r['v'] === 'number' &&
        typeof r['type'] === 'string' && AUDIT_RECORD_TYPES.includes(r['type']) &&
        typeof r['prev'] === 'string' && /^[0-9a-f]{64}$/.test(r['prev']) &&
        typeof r['hash'] === 'string' && /^[0-9a-f]{64}$/.test(r['hash']));
}
/**
 * The RFC 8785 members of a record, sorted (§3.2.3, UTF-16 code units), each serialised once.
 * Joined they are the line; without `hash` they are the hashed body.
 */
function members(record) {
    const keys = Object.keys(record).sort();
    return { keys, parts: keys.map((k) => `${jcsValue(k)}:${jcsValue(record[k])}`) };
}
/** Keys in RFC 8785 order (§3.2.3, UTF-16 code units) at every level, as JSON.parse kept them. */
function sortedDeep(v) {
    if (typeof v !== 'object' || v === null)
        return true;
    if (Array.isArray(v))
        return v.every(sortedDeep);
    const keys = Object.keys(v);
    for (let i = 1; i < keys.length; i++)
        if (!(keys[i - 1] < keys[i]))
            return false;
    return keys.every((k) => sortedDeep(v[k]));
}
// JSON.stringify escapes only lone surrogates as \uD800-\uDFFF; RFC 8785 refuses them (the slow road says so).
const LONE_SURROGATE_ESCAPE = /\\ud[89a-f]/i;
/**
 * The fast road: a line whose keys are sorted at every level and that JSON.stringify reproduces is
 * its RFC 8785 form (ES number and string serialisation are RFC 8785's, §3.2.2). Its body is the
 * line without the one `"hash":"…"` member. Null when in doubt: the slow road decides.
 */
function fastCheck(record, text) {
    if (LONE_SURROGATE_ESCAPE.test(text) || JSON.stringify(record) !== text || !sortedDeep(record))
        return null;
    const member = `"hash":"${record.hash}"`;
    const at = text.indexOf(member);
    if (at < 1 || at !== text.lastIndexOf(member))
        return null;
    const body = text[at - 1] === ',' ? text.slice(0, at - 1) + text.slice(at + member.length) : text.slice(0, at) + text.slice(at + member.length + 1);
    const want = sha256Hex(body);
    if (want !== record.hash)
        return { ok: false, problem: 'modified', message: `record hash mismatch: stored ${record.hash.slice(0, 12)}…, content hashes to ${want.slice(0, 12)}…`, record };
    return { ok: true, record };
}
/** Parses one line (without its newline) and checks its form and its own hash. */
export function parseLine(text) {
    let value;
    try {
        value = JSON.parse(text);
    }
    catch {
        return { ok: false, problem: 'malformed', message: 'not JSON' };
    }
    if (!isEnvelope(value))
        return { ok: false, problem: 'malformed', message: 'not an audit record envelope' };
    const record = value;
    const fast = fastCheck(record, text);
    if (fast !== null)
        return fast;
    let m;
    try {
        m = members(record);
    }
    catch {
        return { ok: false, problem: 'not-canonical', message: 'a value has no RFC 8785 form', record };
    }
    if (`{${m.parts.join(',')}}` !== text)
        return { ok: false, problem: 'not-canonical', message: 'line is not in RFC 8785 form', record };
    const at = m.keys.indexOf('hash');
    const body = [...m.parts.slice(0, at), ...m.parts.slice(at + 1)];
    const want = sha256Hex(`{${body.join(',')}}`);
    if (want !== record.hash)
        return { ok: false, problem: 'modified', message: `record hash mismatch: stored ${record.hash.slice(0, 12)}…, content hashes to ${want.slice(0, 12)}…`, record };
    return { ok: true, record };
}
//# sourceMappingURL=record.js.map