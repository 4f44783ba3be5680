/** @module policy/input-schema: where a JSON Pointer lands in a tool's input JSON Schema, and what types it may hold there. */
import { RE2JS } from 're2js'
import type { JsonValue } from './json.js'
import { jsonEqual } from './matchers.js'

type SchemaObject = { readonly [key: string]: JsonValue }
/** A conjunction: a value must satisfy every member (allOf, $ref and the schema's own keywords). */
type Alt = readonly SchemaObject[]
/** The alternatives a value at one location may take (anyOf/oneOf); empty when none is possible. */
export interface SchemaNode { readonly alts: readonly Alt[]; readonly root: JsonValue }

/** JSON types with number split in two, so that "integer" is a subset like any other. */
export type Kind = 'string' | 'boolean' | 'object' | 'array' | 'null' | 'integer' | 'fraction'
const ALL_KINDS: readonly Kind[] = ['string', 'boolean', 'object', 'array', 'null', 'integer', 'fraction']
const MAX_ALTS = 64
const MAX_DEPTH = 32

const isObject = (v: JsonValue | undefined): v is SchemaObject => typeof v === 'object' && v !== null && !Array.isArray(v)

/** The node of a tool's whole input. */
export function rootNode(schema: JsonValue): SchemaNode {
  return { alts: expand(schema, schema), root: schema }
}

/** Kinds of a JSON Schema type name ("number" is both integer and fraction). */
export function kindsOfType(t: string): Kind[] {
  if (t === 'number') return ['integer', 'fraction']
  return (ALL_KINDS as readonly string[]).includes(t) ? [t as Kind] : []
}

/** The kind of a JSON value. */
export function kindOf(v: JsonValue): Kind {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'array'
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'fraction'
  return typeof v as 'string' | 'boolean' | 'object'
}

function product(a: readonly Alt[], b: readonly Alt[]): Alt[] | undefined {
  if (a.length * b.length > MAX_ALTS) return undefined
  // The same member twice adds nothing (a $ref cycle would otherwise grow every conjunction).
  return a.flatMap((x) => b.map((y) => [...new Set([...x, ...y])]))
}

/** Local references only (#, #/$defs/x); RFC 6901 tokens after percent-decoding (RFC 3986 fragment). */
function deref(ref: string, root: JsonValue): JsonValue | undefined {
  if (!ref.startsWith('#')) return undefined
  let frag: string
  try { frag = decodeURIComponent(ref.slice(1)) } catch { return undefined }
  if (frag === '') return root
  if (!frag.startsWith('/')) return undefined
  let v: JsonValue | undefined = root
  for (const t of frag.slice(1).split('/').map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'))) {
    v = isObject(v) ? v[t] : Array.isArray(v) && /^(0|[1-9][0-9]*)$/.test(t) ? v[Number(t)] : undefined
  }
  return v
}

const UNKNOWN: Alt[] = [[]]
// One object per schema for its own keywords, so that conjunctions can be deduplicated by identity.
const OWN = new WeakMap<SchemaObject, SchemaObject>()

function ownOf(schema: SchemaObject): SchemaObject {
  let own = OWN.get(schema)
  if (own === undefined) {
    const { $ref: _r, allOf: _a, anyOf: _y, oneOf: _o, ...rest } = schema
    own = rest
    OWN.set(schema, own)
  }
  return own
}

/** The alternatives of one schema; a schema already being expanded (a $ref cycle) adds no constraint. */
function expand(schema: JsonValue | undefined, root: JsonValue, seen: ReadonlySet<SchemaObject> = new Set()): Alt[] {
  if (schema === false) return []
  if (!isObject(schema) || seen.has(schema) || seen.size > MAX_DEPTH) return UNKNOWN
  const inner = new Set(seen).add(schema)
  const { $ref, allOf, anyOf, oneOf } = schema
  let alts: Alt[] | undefined = [[ownOf(schema)]]
  const join = (more: Alt[]): void => { alts = alts === undefined ? undefined : product(alts, more) }
  if (typeof $ref === 'string') {
    const target = deref($ref, root)
    join(target === undefined ? UNKNOWN : expand(target, root, inner))
  }
  if (Array.isArray(allOf)) for (const m of allOf) join(expand(m, root, inner))
  for (const list of [anyOf, oneOf]) {
    if (Array.isArray(list)) join(list.flatMap((m) => expand(m, root, inner)))
  }
  return alts ?? UNKNOWN
}

function ownKinds(s: SchemaObject): readonly Kind[] {
  const t = s.type
  if (typeof t === 'string') return kindsOfType(t)
  if (Array.isArray(t)) return t.flatMap((x) => (typeof x === 'string' ? kindsOfType(x) : []))
  if (s.const !== undefined) return [kindOf(s.const)]
  if (Array.isArray(s.enum)) return [...new Set(s.enum.map(kindOf))]
  return ALL_KINDS
}

function altKinds(alt: Alt): Set<Kind> {
  let kinds = new Set<Kind>(ALL_KINDS)
  for (const s of alt) {
    const own = new Set(ownKinds(s))
    kinds = new Set([...kinds].filter((k) => own.has(k)))
  }
  return kinds
}

/** The kinds a value at this node may have; all seven when the schema does not say. */
export function nodeKinds(node: SchemaNode): Set<Kind> {
  const out = new Set<Kind>()
  for (const alt of node.alts) for (const k of altKinds(alt)) out.add(k)
  return out
}

/** True when some alternative admits `v` by type, enum and const. */
export function admits(node: SchemaNode, v: JsonValue): boolean {
  const kind = kindOf(v)
  return node.alts.some((alt) => altKinds(alt).has(kind) && alt.every((s) =>
    (s.const === undefined || jsonEqual(s.const, v)) && (!Array.isArray(s.enum) || s.enum.some((e) => jsonEqual(e, v)))))
}

/** The values an enum or const allows at this node, when every alternative lists them. */
export function listedValues(node: SchemaNode): JsonValue[] | undefined {
  const out: JsonValue[] = []
  for (const alt of node.alts) {
    const s = alt.find((m) => m.const !== undefined || Array.isArray(m.enum))
    if (s === undefined) return undefined
    out.push(...(s.const !== undefined ? [s.const] : (s.enum as JsonValue[])))
  }
  return out
}

function patternMatches(pattern: string, key: string): boolean {
  try {
    return RE2JS.compile(pattern).test(key)
  } catch {
    return true // a pattern RE2 cannot read may match: never report a key as missing on a guess
  }
}

interface MemberFind { subs: JsonValue[]; declared: boolean; closed: boolean; lists: boolean }

/** What one member of a conjunction says of the object member `key`. */
function memberChild(s: SchemaObject, key: string): MemberFind {
  const subs: JsonValue[] = []
  const props = isObject(s.properties) ? s.properties : undefined
  if (props !== undefined && Object.hasOwn(props, key)) subs.push(props[key] as JsonValue)
  const patterns = isObject(s.patternProperties) ? s.patternProperties : undefined
  for (const [p, sub] of Object.entries(patterns ?? {})) if (patternMatches(p, key)) subs.push(sub)
  const lists = props !== undefined || patterns !== undefined
  if (subs.length > 0) return { subs, declared: true, closed: false, lists }
  const extra = s.additionalProperties
  if (extra === false) return { subs, declared: false, closed: true, lists }
  if (extra !== undefined) return { subs: [extra], declared: true, closed: false, lists }
  return { subs, declared: false, closed: false, lists }
}

/** The member `key` of an object alternative: its conjunction, or undefined when the alternative rules it out. */
function objectChild(alt: Alt, key: string, root: JsonValue): Alt[] | undefined {
  const finds = alt.map((s) => memberChild(s, key))
  if (finds.some((f) => f.closed)) return undefined
  // A schema that lists its properties and says nothing of others: an unlisted key is most likely a slip.
  if (!finds.some((f) => f.declared) && finds.some((f) => f.lists)) return undefined
  let found: Alt[] | undefined = UNKNOWN
  for (const sub of finds.flatMap((f) => f.subs)) found = found === undefined ? undefined : product(found, expand(sub, root))
  return found ?? UNKNOWN
}

/** The element `token` of an array alternative, or undefined when it cannot exist. */
function arrayChild(alt: Alt, token: string, root: JsonValue): Alt[] | undefined {
  if (!/^(0|[1-9][0-9]*)$/.test(token)) return undefined // RFC 6901 §4: "-" and other tokens name no element
  const i = Number(token)
  let found: Alt[] | undefined = UNKNOWN
  for (const s of alt) {
    let sub: JsonValue | undefined
    if (Array.isArray(s.prefixItems) && i < s.prefixItems.length) sub = s.prefixItems[i]
    else if (Array.isArray(s.items)) sub = i < s.items.length ? s.items[i] : s.additionalItems
    else sub = s.items
    if (sub === false) return undefined
    if (sub !== undefined) found = found === undefined ? undefined : product(found, expand(sub, root))
  }
  return found ?? UNKNOWN
}

/** The node one token below `node`: the object member or array element; no alternatives when none can exist. */
export function childNode(node: SchemaNode, token: string): SchemaNode {
  const alts: Alt[] = []
  for (const alt of node.alts) {
    const kinds = altKinds(alt)
    // Object keywords do not constrain an array and the reverse (JSON Schema applicability).
    if (kinds.has('object')) alts.push(...(objectChild(alt, token, node.root) ?? []))
    if (kinds.has('array')) alts.push(...(arrayChild(alt, token, node.root) ?? []))
  }
  return { alts: alts.slice(0, MAX_ALTS), root: node.root }
}

/** The member names an object at this node declares, for "did you mean". */
export function declaredKeys(node: SchemaNode): string[] {
  const out = new Set<string>()
  for (const alt of node.alts) {
    for (const s of alt) if (isObject(s.properties)) for (const k of Object.keys(s.properties)) out.add(k)
  }
  return [...out]
}
