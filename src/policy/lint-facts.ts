/**
 * @module policy/lint-facts: what a rule's conditions say of each pointer, where that can be reasoned
 * about exactly: equality sets, types, numeric, length and byte intervals, presence, string prefixes
 * and path roots. Everything else (pattern, shell, sql, url, urlHost, each, some, anyOf, not …) is
 * opaque: it is never assumed to hold or to fail, and what depends on it is "not checked".
 */
import type { JsonValue } from './json.js'
import { jsonEqual, utf8ByteLength, codePointLength } from './matchers.js'
import { pathIsUnder } from './matchers/paths.js'
import type { Condition, Operator } from './schema.js'
import { OPERATORS } from './schema.js'
import type { Path } from './source.js'

export type Kind = 'string' | 'integer' | 'fraction' | 'boolean' | 'null' | 'object' | 'array'
const ALL: readonly Kind[] = ['string', 'integer', 'fraction', 'boolean', 'null', 'object', 'array']

/** One top-level condition of a rule, with `allOf` opened up and its pointer made absolute. */
export interface Flat { readonly c: Condition; readonly op: Operator; readonly pointer: string; readonly path: Path; readonly exact: boolean }

const EXACT = new Set<Operator>(['equals', 'in', 'notIn', 'exists', 'absent', 'type', 'min', 'max', 'minLength', 'maxLength', 'minBytes', 'maxBytes', 'maxItems', 'prefix', 'pathUnder'])

export const opOf = (c: Condition): Operator => OPERATORS.find((o) => c[o] !== undefined) as Operator

/** The conditions that must all hold, `allOf` flattened (its pointer prefixed to its children's). */
export function flatten(when: readonly Condition[], path: Path, base = ''): Flat[] {
  return when.flatMap((c, i) => {
    const op = opOf(c)
    const at: Path = [...path, i]
    if (op === 'allOf' && c.ignoreKeyCase !== true) return flatten(c.allOf ?? [], [...at, 'allOf'], base + (c.pointer ?? ''))
    const plainPath = typeof c.pathUnder !== 'object' || Array.isArray(c.pathUnder) || (c.pathUnder.relativeTo === undefined && c.pathUnder.caseInsensitive !== true)
    return [{ c, op, pointer: base + (c.pointer ?? ''), path: at, exact: EXACT.has(op) && c.ignoreKeyCase !== true && plainPath }]
  })
}

export function kindOf(v: JsonValue): Kind {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'array'
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'fraction'
  return typeof v as Kind
}

/** The roots of a plain pathUnder. */
export function rootsOf(c: Condition): string[] {
  const p = c.pathUnder
  return typeof p === 'string' ? [p] : Array.isArray(p) ? p : (p?.roots ?? [])
}

interface Interval { lo: number; hi: number; loAt?: Flat; hiAt?: Flat }
const open = (): Interval => ({ lo: -Infinity, hi: Infinity })

/** What the exact conditions on one pointer allow. */
export interface Facts {
  readonly at: Flat[]
  absent?: Flat
  kinds: Set<Kind>
  kindsAt?: Flat
  values?: { list: JsonValue[]; at: Flat; first: Flat }
  excluded: JsonValue[]
  num: Interval
  len: Interval
  bytes: Interval
  items: Interval
  prefixes: { p: string; at: Flat }[]
  roots: { r: string[]; at: Flat }[]
}

const NEEDS: Partial<Record<Operator, readonly Kind[]>> = {
  min: ['integer', 'fraction'], max: ['integer', 'fraction'], minLength: ['string'], maxLength: ['string'], minBytes: ['string'],
  maxBytes: ['string'], prefix: ['string'], pathUnder: ['string'], maxItems: ['array'],
}
const TYPE_KINDS: Readonly<Record<string, readonly Kind[]>> = { number: ['integer', 'fraction'], integer: ['integer'] }

/** The facts of each pointer, from a rule's exact conditions. */
export function factsOf(flat: readonly Flat[]): Map<string, Facts> {
  const out = new Map<string, Facts>()
  for (const f of flat) {
    if (!f.exact) continue
    let x = out.get(f.pointer)
    if (x === undefined) {
      x = { at: [], kinds: new Set(ALL), excluded: [], num: open(), len: open(), bytes: open(), items: open(), prefixes: [], roots: [] }
      out.set(f.pointer, x)
    }
    x.at.push(f)
    const c = f.c
    const narrow = (ks: readonly Kind[]): void => { x.kinds = new Set([...x.kinds].filter((k) => ks.includes(k))); x.kindsAt ??= f }
    const need = NEEDS[f.op]
    if (need !== undefined) narrow(need)
    const lo = (i: Interval, n: number): void => { if (n > i.lo) { i.lo = n; i.loAt = f } }
    const hi = (i: Interval, n: number): void => { if (n < i.hi) { i.hi = n; i.hiAt = f } }
    switch (f.op) {
      case 'absent': x.absent = f; break
      case 'type': narrow(TYPE_KINDS[c.type as string] ?? [c.type as Kind]); break
      case 'equals':
      case 'in': {
        const list = f.op === 'equals' ? [c.equals as JsonValue] : (c.in as JsonValue[])
        const kept = x.values === undefined ? list : x.values.list.filter((v) => list.some((w) => jsonEqual(v, w)))
        x.values = { list: kept, at: f, first: x.values?.first ?? f }
        break
      }
      case 'notIn': x.excluded.push(...(c.notIn as JsonValue[])); break
      case 'min': lo(x.num, c.min as number); break
      case 'max': hi(x.num, c.max as number); break
      case 'minLength': lo(x.len, c.minLength as number); break
      case 'maxLength': hi(x.len, c.maxLength as number); break
      case 'minBytes': lo(x.bytes, c.minBytes as number); break
      case 'maxBytes': hi(x.bytes, c.maxBytes as number); break
      case 'maxItems': hi(x.items, c.maxItems as number); break
      case 'prefix': x.prefixes.push({ p: c.prefix as string, at: f }); break
      case 'pathUnder': x.roots.push({ r: rootsOf(c), at: f }); break
      default: break
    }
  }
  return out
}

/** True when a value meets every exact fact (for equality sets). */
export function admitted(x: Facts, v: JsonValue): boolean {
  if (!x.kinds.has(kindOf(v))) return false
  if (x.excluded.some((e) => jsonEqual(e, v))) return false
  if (typeof v === 'number' && (v < x.num.lo || v > x.num.hi)) return false
  if (typeof v === 'string') {
    const n = codePointLength(v)
    const b = utf8ByteLength(v)
    if (n < x.len.lo || n > x.len.hi || b < x.bytes.lo || b > x.bytes.hi) return false
    if (!x.prefixes.every(({ p }) => v.startsWith(p))) return false
    if (!x.roots.every(({ r }) => r.some((root) => pathIsUnder(v, root)))) return false
  }
  if (Array.isArray(v) && v.length > x.items.hi) return false
  return true
}

/** Paths under `a` and under `b` both exist. */
export function rootsMeet(a: string, b: string): boolean {
  return pathIsUnder(a, b) || pathIsUnder(b, a)
}

/** Some canonical path under `root` starts with `p`. */
export function prefixMeetsRoot(p: string, root: string): boolean {
  return root.startsWith(p) || p === root || p.startsWith(root === '/' ? '/' : `${root}/`)
}

/** Why no value meets the facts on one pointer, naming the conditions that disagree; undefined when some value may. */
export function contradiction(pointer: string, x: Facts): { at: Flat; message: string } | undefined {
  const first = x.at[0] as Flat
  const other = x.at.find((f) => f.op !== 'absent')
  if (x.absent !== undefined && other !== undefined) return { at: other, message: `absent on ${pointer} and ${other.op} there hold for no value (a missing value fails ${other.op})` }
  for (const [name, i] of [['number', x.num], ['length', x.len], ['byte count', x.bytes]] as const) {
    if (i.lo > i.hi) return { at: (i.hiAt ?? i.loAt ?? first), message: `empty range on ${pointer}: no ${name} is at least ${i.lo} and at most ${i.hi}` }
  }
  if (x.kinds.size === 0) return { at: x.kindsAt ?? first, message: `the conditions on ${pointer} need different types: no value has them all` }
  if (x.kinds.size === 1 && x.kinds.has('integer') && Math.ceil(x.num.lo) > Math.floor(x.num.hi)) return { at: x.num.hiAt ?? first, message: `empty range on ${pointer}: no integer lies in [${x.num.lo}, ${x.num.hi}]` }
  for (const a of x.prefixes) for (const b of x.prefixes) {
    if (!a.p.startsWith(b.p) && !b.p.startsWith(a.p)) return { at: b.at, message: `prefix ${JSON.stringify(a.p)} and prefix ${JSON.stringify(b.p)} on ${pointer} hold for no string` }
  }
  let meet: string[] | undefined
  for (const { r, at } of x.roots) {
    const next = meet === undefined ? r : meet.flatMap((m) => r.filter((q) => rootsMeet(m, q)).map((q) => (pathIsUnder(q, m) ? q : m)))
    if (next.length === 0) return { at, message: `no path on ${pointer} is under both ${meet?.join(' or ')} and ${r.join(' or ')}` }
    meet = next
  }
  for (const { p, at } of x.prefixes) {
    if (meet !== undefined && !meet.some((root) => prefixMeetsRoot(p, root))) return { at, message: `no path on ${pointer} under ${meet.join(' or ')} starts with ${JSON.stringify(p)}` }
  }
  if (x.values !== undefined && !x.values.list.some((v) => admitted(x, v))) {
    const { first, at } = x.values
    const say = (f: Flat): string => `${f.op} ${JSON.stringify(f.op === 'equals' ? f.c.equals : f.c.in)}`
    if (x.values.list.length === 0) return { at, message: `${say(first)} and ${say(at)} on ${pointer} hold for no value` }
    return { at, message: `no value ${at.op === 'equals' ? 'equal to' : 'in'} ${JSON.stringify(x.values.list)} meets the other conditions on ${pointer}` }
  }
  return undefined
}

/**
 * Whether every value the facts `x` (of one rule) allow at `c.pointer` meets `c` (of another):
 * proved, not proved, or opaque (c is no condition the facts can speak for, and x does not hold
 * the very same condition).
 */
export function implied(xs: ReadonlyMap<string, Facts>, xflat: readonly Flat[], c: Flat): 'proved' | 'not-proved' | 'opaque' {
  if (xflat.some((f) => f.pointer === c.pointer && jsonEqual(f.c as JsonValue, c.c as JsonValue))) return 'proved'
  if (!c.exact) return 'opaque'
  const x = xs.get(c.pointer)
  if (x === undefined) return 'not-proved'
  const vals = x.values?.list
  const all = (test: (v: JsonValue) => boolean): boolean => vals !== undefined && vals.every(test)
  const kinds = (ks: readonly Kind[]): boolean => [...x.kinds].every((k) => ks.includes(k))
  const q = c.c
  const ok = ((): boolean => {
    switch (c.op) {
      case 'exists': return x.absent === undefined
      case 'absent': return x.absent !== undefined && x.at.length === 1
      case 'equals': return all((v) => jsonEqual(v, q.equals as JsonValue))
      case 'in': return all((v) => (q.in as JsonValue[]).some((w) => jsonEqual(v, w)))
      case 'notIn': return all((v) => !(q.notIn as JsonValue[]).some((w) => jsonEqual(v, w))) || (q.notIn as JsonValue[]).every((w) => x.excluded.some((e) => jsonEqual(e, w)))
      case 'type': return kinds(TYPE_KINDS[q.type as string] ?? [q.type as Kind])
      case 'min': return (kinds(['integer', 'fraction']) && x.num.lo >= (q.min as number)) || all((v) => typeof v === 'number' && v >= (q.min as number))
      case 'max': return (kinds(['integer', 'fraction']) && x.num.hi <= (q.max as number)) || all((v) => typeof v === 'number' && v <= (q.max as number))
      case 'minLength': return kinds(['string']) && x.len.lo >= (q.minLength as number)
      case 'maxLength': return kinds(['string']) && x.len.hi <= (q.maxLength as number)
      case 'minBytes': return kinds(['string']) && x.bytes.lo >= (q.minBytes as number)
      case 'maxBytes': return kinds(['string']) && x.bytes.hi <= (q.maxBytes as number)
      case 'maxItems': return kinds(['array']) && x.items.hi <= (q.maxItems as number)
      case 'prefix': return x.prefixes.some(({ p }) => p.startsWith(q.prefix as string)) || x.roots.some(({ r }) => r.every((root) => root.startsWith(q.prefix as string)))
        || all((v) => typeof v === 'string' && v.startsWith(q.prefix as string))
      case 'pathUnder': {
        const roots = rootsOf(q)
        return x.roots.some(({ r }) => r.every((m) => roots.some((root) => pathIsUnder(m, root)))) || all((v) => typeof v === 'string' && roots.some((root) => pathIsUnder(v, root)))
      }
      default: return false
    }
  })()
  return ok ? 'proved' : 'not-proved'
}
