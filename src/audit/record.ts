/** @module audit/record: build and check one record: RFC 8785 line, per-record hash, chain link. */
import { hash } from 'node:crypto'
import canonicalize from 'canonicalize'
import { VerbatimError } from '../errors/index.js'
import type { AuditRecord, AuditRecordType, JsonValue } from './types.js'
import { AUDIT_FORMAT_VERSION, AUDIT_RECORD_TYPES, RESERVED_KEYS } from './types.js'

/** `prev` of the first record of a log. */
export const GENESIS_HASH = '0'.repeat(64)

export function sha256Hex(data: string | Uint8Array): string {
  return hash('sha256', data, 'hex')
}

/** RFC 8785 serialisation; throws on values JCS cannot represent. */
export function jcs(value: unknown): string {
  const s = canonicalize(value)
  if (s === undefined) throw new VerbatimError('ERR_INTERNAL', 'audit: value has no RFC 8785 form')
  return s
}

const SURROGATE = /[\ud800-\udfff]/

/**
 * RFC 8785 for one member value, on the short road where it is certain: §3.2.2.2 strings and
 * §3.2.2.3 numbers serialise exactly as ES JSON.stringify does once lone surrogates and non-finite
 * numbers are excluded, arrays keep their order, and object members are sorted by UTF-16 code units
 * (§3.2.3, which is JS string order). Anything else (a surrogate anywhere, a value JSON cannot hold)
 * goes through `canonicalize` whole. tests/audit/record-jcs.test.ts holds the two equal.
 */
export function jcsValue(v: JsonValue | undefined): string {
  return shortRoad(v) ?? jcs(v)
}

function shortRoad(v: unknown): string | undefined {
  if (typeof v === 'string') return SURROGATE.test(v) ? undefined : JSON.stringify(v)
  if (typeof v === 'number') return Number.isFinite(v) ? JSON.stringify(v) : undefined
  if (typeof v === 'boolean' || v === null) return JSON.stringify(v)
  if (Array.isArray(v)) {
    const parts: string[] = []
    for (const x of v) {
      const p = shortRoad(x)
      if (p === undefined) return undefined
      parts.push(p)
    }
    return `[${parts.join(',')}]`
  }
  if (typeof v !== 'object' || Object.getPrototypeOf(v) !== Object.prototype) return undefined
  const o = v as Record<string, unknown>
  const parts: string[] = []
  for (const k of Object.keys(o).sort()) {
    const p = SURROGATE.test(k) ? undefined : shortRoad(o[k])
    if (p === undefined) return undefined
    parts.push(`${JSON.stringify(k)}:${p}`)
  }
  return `{${parts.join(',')}}`
}

export interface BuiltRecord {
  record: AuditRecord
  /** The RFC 8785 line, with its trailing newline. */
  line: string
  hash: string
}

/**
 * Builds the record `{v, seq, ts, type, prev, ...fields, hash}` where
 * hash = SHA-256(JCS(record without hash)).
 */
export function buildRecord(
  seq: number,
  ts: number,
  type: AuditRecordType,
  prev: string,
  fields: Readonly<Record<string, JsonValue>>,
): BuiltRecord {
  let plain = true
  for (const k of Object.keys(fields)) {
    if (RESERVED_KEYS.has(k)) throw new VerbatimError('ERR_INTERNAL', `audit: field '${k}' is reserved`)
    if (k === '__proto__') plain = false
  }
  // The envelope members are set one by one on a copy: `{ ...fields, v, … }` took about 4 µs per record in V8
  // (bench: the guard's profile). Object.assign would call the __proto__ setter for a member named so; the spread
  // defines it, so such fields keep the spread.
  const body: Record<string, JsonValue> = plain ? Object.assign({}, fields) : { ...fields }
  body['v'] = AUDIT_FORMAT_VERSION
  body['seq'] = seq
  body['ts'] = ts
  body['type'] = type
  body['prev'] = prev
  // RFC 8785 §3.2.3: members sorted by UTF-16 code units. Serialise each member once; the line is
  // the same members with `hash` spliced in at its sorted place, so JCS runs once per record.
  const keys = Object.keys(body).sort()
  const members = keys.map((k) => `${JSON.stringify(k)}:${jcsValue(body[k])}`)
  const hash = sha256Hex(`{${members.join(',')}}`)
  const at = keys.findIndex((k) => k > 'hash')
  members.splice(at === -1 ? members.length : at, 0, `"hash":${JSON.stringify(hash)}`)
  // The copy is ours: `hash` goes last on it, as `{ ...body, hash }` would place it, without a second copy.
  body['hash'] = hash
  return { record: body as unknown as AuditRecord, line: `{${members.join(',')}}\n`, hash }
}

export type LineProblem = 'malformed' | 'not-canonical' | 'modified'

export type ParsedLine =
  | { ok: true; record: AuditRecord }
  | { ok: false; problem: LineProblem; message: string; record?: AuditRecord }

function isEnvelope(v: unknown): v is AuditRecord {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false
  const r = v as Record<string, unknown>
  return (
    Number.isSafeInteger(r['seq']) && (r['seq'] as number) >= 0 &&
    typeof r['ts'] === 'number' && typeof r['v'] === 'number' &&
    typeof r['type'] === 'string' && (AUDIT_RECORD_TYPES as readonly string[]).includes(r['type']) &&
    typeof r['prev'] === 'string' && /^[0-9a-f]{64}$/.test(r['prev']) &&
    typeof r['hash'] === 'string' && /^[0-9a-f]{64}$/.test(r['hash'])
  )
}

/**
 * The RFC 8785 members of a record, sorted (§3.2.3, UTF-16 code units), each serialised once.
 * Joined they are the line; without `hash` they are the hashed body.
 */
function members(record: Readonly<Record<string, JsonValue>>): { keys: string[]; parts: string[] } {
  const keys = Object.keys(record).sort()
  return { keys, parts: keys.map((k) => `${jcsValue(k)}:${jcsValue(record[k])}`) }
}

/** Keys in RFC 8785 order (§3.2.3, UTF-16 code units) at every level, as JSON.parse kept them. */
function sortedDeep(v: unknown): boolean {
  if (typeof v !== 'object' || v === null) return true
  if (Array.isArray(v)) return v.every(sortedDeep)
  const keys = Object.keys(v)
  for (let i = 1; i < keys.length; i++) if (!((keys[i - 1] as string) < (keys[i] as string))) return false
  return keys.every((k) => sortedDeep((v as Record<string, unknown>)[k]))
}

// JSON.stringify escapes only lone surrogates as \uD800-\uDFFF; RFC 8785 refuses them (the slow road says so).
const LONE_SURROGATE_ESCAPE = /\\ud[89a-f]/i

/**
 * The fast road: a line whose keys are sorted at every level and that JSON.stringify reproduces is
 * its RFC 8785 form (ES number and string serialisation are RFC 8785's, §3.2.2). Its body is the
 * line without the one `"hash":"…"` member. Null when in doubt: the slow road decides.
 */
function fastCheck(record: AuditRecord, text: string): ParsedLine | null {
  if (LONE_SURROGATE_ESCAPE.test(text) || JSON.stringify(record) !== text || !sortedDeep(record)) return null
  const member = `"hash":"${record.hash}"`
  const at = text.indexOf(member)
  if (at < 1 || at !== text.lastIndexOf(member)) return null
  const body = text[at - 1] === ',' ? text.slice(0, at - 1) + text.slice(at + member.length) : text.slice(0, at) + text.slice(at + member.length + 1)
  const want = sha256Hex(body)
  if (want !== record.hash) return { ok: false, problem: 'modified', message: `record hash mismatch: stored ${record.hash.slice(0, 12)}…, content hashes to ${want.slice(0, 12)}…`, record }
  return { ok: true, record }
}

/** Parses one line (without its newline) and checks its form and its own hash. */
export function parseLine(text: string): ParsedLine {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return { ok: false, problem: 'malformed', message: 'not JSON' }
  }
  if (!isEnvelope(value)) return { ok: false, problem: 'malformed', message: 'not an audit record envelope' }
  const record = value
  const fast = fastCheck(record, text)
  if (fast !== null) return fast
  let m: { keys: string[]; parts: string[] }
  try {
    m = members(record)
  } catch {
    return { ok: false, problem: 'not-canonical', message: 'a value has no RFC 8785 form', record }
  }
  if (`{${m.parts.join(',')}}` !== text) return { ok: false, problem: 'not-canonical', message: 'line is not in RFC 8785 form', record }
  const at = m.keys.indexOf('hash')
  const body = [...m.parts.slice(0, at), ...m.parts.slice(at + 1)]
  const want = sha256Hex(`{${body.join(',')}}`)
  if (want !== record.hash) return { ok: false, problem: 'modified', message: `record hash mismatch: stored ${record.hash.slice(0, 12)}…, content hashes to ${want.slice(0, 12)}…`, record }
  return { ok: true, record }
}
