/** @module policy/conditions: compile a condition into a test and an explanation, once, at load. */
import { RE2JS } from 're2js'
import type { JsonValue } from './json.js'
import { pointerTokens, resolvePointer } from './json.js'
import {
  canonicalUrlHost, codePointLength, isCanonicalAbsolutePath, jsonEqual, jsonType, pathIsUnder, utf8AtMost,
  utf8ByteLength,
} from './matchers.js'
import type { Condition, Operator } from './schema.js'
import { OPERATORS } from './schema.js'
import type { Path } from './source.js'

/** A compiled condition. `value` is the base it is evaluated against (the args, or an element). */
export interface Check {
  readonly op: Operator
  readonly pointer: string | undefined
  /** The pointers, from the base, whose values it reads (a combinator: its conditions'); `audit explain` matches them against redactions. */
  readonly reads: readonly string[]
  holds(base: JsonValue | undefined): boolean
  /** Why the condition did or did not hold, for reasons; recomputes, so call it off the hot path. */
  why(base: JsonValue | undefined): string
}

export type FaultSink = (path: Path, message: string) => void

interface Leaf {
  need?: 'string' | 'number' | 'array'
  text: string
  test(v: JsonValue): boolean
  whyNot?(v: JsonValue): string
}

const MAX_SHOW = 60

/** A short JSON rendering of a value for reasons. */
export function show(v: JsonValue | undefined): string {
  const s = v === undefined ? 'missing' : JSON.stringify(v)
  return s.length > MAX_SHOW ? s.slice(0, MAX_SHOW - 1) + '…' : s
}

/** The pointers a condition reads, from its base: its own, or its nested conditions' under it (`each`: the whole array). */
export function conditionReads(c: Condition): string[] {
  const p = c.pointer ?? ''
  const kids = c.allOf ?? c.anyOf ?? (c.not === undefined ? undefined : [c.not])
  return kids === undefined ? [p] : kids.flatMap((k) => conditionReads(k).map((r) => p + r))
}

/** Compiles one condition at `path`; a pattern RE2 refuses goes to `sink` (the schema refuses it first). */
export function compileCondition(c: Condition, path: Path, sink: FaultSink): Check {
  return { ...compileOne(c, path, sink), reads: conditionReads(c) }
}

function compileOne(c: Condition, path: Path, sink: FaultSink): Omit<Check, 'reads'> {
  const op = OPERATORS.find((o) => c[o] !== undefined) as Operator
  const tokens = c.pointer === undefined ? undefined : pointerTokens(c.pointer)
  const at = (base: JsonValue | undefined): JsonValue | undefined => (tokens === undefined ? base : resolvePointer(base, tokens))
  const where = c.pointer === undefined ? 'value' : c.pointer === '' ? '(whole value)' : c.pointer

  if (op === 'allOf' || op === 'anyOf') {
    const kids = (c[op] ?? []).map((k, i) => compileCondition(k, [...path, op, i], sink))
    const all = op === 'allOf'
    return {
      op, pointer: c.pointer,
      holds: (base) => {
        const v = at(base)
        if (v === undefined) return false
        return all ? kids.every((k) => k.holds(v)) : kids.some((k) => k.holds(v))
      },
      why: (base) => {
        const v = at(base)
        if (v === undefined) return `no value at ${where}`
        const failed = kids.filter((k) => !k.holds(v))
        if (all) return failed.length === 0 ? `all ${kids.length} held` : `not all held: ${(failed[0] as Check).why(v)}`
        const ok = kids.find((k) => k.holds(v))
        return ok !== undefined ? `one held: ${ok.why(v)}` : `none held: ${kids.map((k) => k.why(v)).join('; ')}`
      },
    }
  }
  if (op === 'not') {
    const kid = compileCondition(c.not as Condition, [...path, 'not'], sink)
    return {
      op, pointer: c.pointer,
      holds: (base) => {
        const v = at(base)
        return v !== undefined && !kid.holds(v)
      },
      why: (base) => {
        const v = at(base)
        if (v === undefined) return `no value at ${where}`
        return kid.holds(v) ? `inner condition held: ${kid.why(v)}` : `inner condition did not hold: ${kid.why(v)}`
      },
    }
  }
  if (op === 'each') {
    const kid = compileCondition(c.each as Condition, [...path, 'each'], sink)
    const bad = (v: JsonValue[]): number => v.findIndex((e) => !kid.holds(e))
    return {
      op, pointer: c.pointer,
      holds: (base) => {
        const v = at(base)
        return Array.isArray(v) && bad(v) === -1
      },
      why: (base) => {
        const v = at(base)
        if (v === undefined) return `no value at ${where}`
        if (!Array.isArray(v)) return `${where} is ${jsonType(v)}, each needs an array`
        const i = bad(v)
        return i === -1 ? `all ${v.length} elements held` : `element ${i} did not hold: ${kid.why(v[i])}`
      },
    }
  }
  if (op === 'exists' || op === 'absent') {
    const want = op === 'exists'
    return {
      op, pointer: c.pointer,
      holds: (base) => (at(base) !== undefined) === want,
      why: (base) => (at(base) === undefined ? `no value at ${where}` : `${where} is present`),
    }
  }
  const leaf = leafFor(c, op, path, sink)
  return {
    op, pointer: c.pointer,
    holds: (base) => {
      const v = at(base)
      if (v === undefined) return false
      if (leaf.need !== undefined && !hasType(v, leaf.need)) return false
      return leaf.test(v)
    },
    why: (base) => {
      const v = at(base)
      if (v === undefined) return `no value at ${where}`
      if (leaf.need !== undefined && !hasType(v, leaf.need)) return `${show(v)} is ${jsonType(v)}, ${op} needs ${leaf.need}`
      if (leaf.test(v)) return `${show(v)} ${leaf.text}`
      return leaf.whyNot?.(v) ?? `${show(v)} does not satisfy: ${leaf.text}`
    },
  }
}

function hasType(v: JsonValue, need: 'string' | 'number' | 'array'): boolean {
  return need === 'array' ? Array.isArray(v) : typeof v === need
}

function leafFor(c: Condition, op: Operator, path: Path, sink: FaultSink): Leaf {
  switch (op) {
    case 'equals': {
      const want = c.equals as JsonValue
      return { text: `equals ${show(want)}`, test: (v) => jsonEqual(v, want) }
    }
    case 'in':
    case 'notIn': {
      const list = (c[op] ?? []) as JsonValue[]
      const prims = list.every((x) => x === null || typeof x !== 'object') ? new Set(list) : undefined
      const member = (v: JsonValue): boolean => (prims !== undefined && (v === null || typeof v !== 'object') ? prims.has(v) : list.some((x) => jsonEqual(v, x)))
      return op === 'in'
        ? { text: `is in ${show(list)}`, test: member }
        : { text: `is not in ${show(list)}`, test: (v) => !member(v) }
    }
    case 'type': {
      const t = c.type as NonNullable<Condition['type']>
      return { text: `is of type ${t}`, test: (v) => (t === 'integer' ? Number.isInteger(v) : jsonType(v) === t) }
    }
    case 'min': {
      const n = c.min as number
      return { need: 'number', text: `is at least ${n}`, test: (v) => (v as number) >= n }
    }
    case 'max': {
      const n = c.max as number
      return { need: 'number', text: `is at most ${n}`, test: (v) => (v as number) <= n }
    }
    case 'minLength': {
      const n = c.minLength as number
      return { need: 'string', text: `has at least ${n} characters`, test: (v) => codePointLength(v as string) >= n }
    }
    case 'maxLength': {
      const n = c.maxLength as number
      return { need: 'string', text: `has at most ${n} characters`, test: (v) => codePointLength(v as string) <= n }
    }
    case 'minBytes': {
      const n = c.minBytes as number
      return {
        need: 'string', text: `has at least ${n} bytes in UTF-8`, test: (v) => !utf8AtMost(v as string, n - 1),
        whyNot: (v) => `${show(v)} has ${utf8ByteLength(v as string)} bytes in UTF-8, fewer than ${n}`,
      }
    }
    case 'maxBytes': {
      const n = c.maxBytes as number
      return {
        need: 'string', text: `has at most ${n} bytes in UTF-8`, test: (v) => utf8AtMost(v as string, n),
        whyNot: (v) => `${show(v)} has ${utf8ByteLength(v as string)} bytes in UTF-8, more than ${n}`,
      }
    }
    case 'maxItems': {
      const n = c.maxItems as number
      return { need: 'array', text: `has at most ${n} items`, test: (v) => (v as JsonValue[]).length <= n }
    }
    case 'prefix': {
      const p = c.prefix as string
      return { need: 'string', text: `starts with ${show(p)}`, test: (v) => (v as string).startsWith(p) }
    }
    case 'pattern':
      return patternLeaf(c.pattern as string, [...path, 'pattern'], sink)
    case 'pathUnder': {
      const base = c.pathUnder as string // canonical: the schema refuses any other base
      return {
        need: 'string', text: `is under ${base}`, test: (v) => pathIsUnder(v as string, base),
        whyNot: (v) => (isCanonicalAbsolutePath(v as string) ? `${show(v)} is not under ${base}` : `${show(v)} is not a canonical absolute path`),
      }
    }
    case 'urlHost': {
      const hosts = typeof c.urlHost === 'string' ? [c.urlHost] : (c.urlHost ?? []) // canonical, as the schema requires
      const set = new Set(hosts)
      return {
        need: 'string', text: `is a canonical URL with host in ${show(hosts)}`,
        test: (v) => set.has(canonicalUrlHost(v as string) ?? ''),
        whyNot: (v) => {
          const h = canonicalUrlHost(v as string)
          return h === undefined ? `${show(v)} is not a canonical URL (new URL(v).href must equal v, no userinfo)` : `host ${show(h)} is not in ${show(hosts)}`
        },
      }
    }
    default:
      throw new Error(`unreachable operator ${op}`)
  }
}

/** re2js runs in linear time (no backtracking), so no pattern can stall the gate. Search semantics. */
function patternLeaf(pattern: string, path: Path, sink: FaultSink): Leaf {
  let re: RE2JS | undefined
  try {
    re = RE2JS.compile(pattern)
  } catch (e) {
    sink(path, `not a valid RE2 pattern: ${e instanceof Error ? e.message : String(e)}`)
  }
  return { need: 'string', text: `matches /${pattern}/`, test: (v) => re?.test(v as string) ?? false }
}
