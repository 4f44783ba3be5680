/** @module policy/conditions: compile a condition into a three-valued test and an explanation, once, at load. */
import { foldKey } from '../canonical/index.js'
import type { Check, FaultSink, Leaf, Outcome } from './check.js'
import { junction, outcomeOf, show } from './check.js'
import type { JsonValue } from './json.js'
import { AMBIGUOUS, pointerTokens, resolveFolded, resolvePointer } from './json.js'
import { leafFor } from './leaves.js'
import { jsonType } from './matchers.js'
import type { Condition, Operator } from './schema.js'
import { OPERATORS } from './schema.js'
import type { Path } from './source.js'

export type { Check, FaultSink } from './check.js'
export { show } from './check.js'

/** The pointers a condition reads, from its base: its own, or its nested conditions' under it (`each`: the whole array). */
export function conditionReads(c: Condition): string[] {
  const p = c.pointer ?? ''
  const kids = c.allOf ?? c.anyOf ?? (c.not === undefined ? undefined : [c.not])
  if (kids !== undefined) return kids.flatMap((k) => conditionReads(k).map((r) => p + r))
  // A folder a relative value is resolved in is read too (from the top of the arguments).
  const also = typeof c.pathUnder === 'object' && !Array.isArray(c.pathUnder) ? c.pathUnder.relativeTo : c.shell?.cwd
  return also === undefined ? [p] : [p, also]
}

/** Compiles one condition at `path`; a fault found only now (a pattern, a parser that did not load) goes to `sink`. */
export function compileCondition(c: Condition, path: Path, sink: FaultSink): Check {
  return { ...compileOne(c, path, sink), reads: conditionReads(c) }
}

type At = (base: JsonValue | undefined) => JsonValue | undefined | typeof AMBIGUOUS

/** How an operator tests the value its pointer reached; `missing` is its outcome when there is none. */
interface Body {
  readonly missing: Outcome
  test(v: JsonValue, root: JsonValue | undefined): Outcome
  why(v: JsonValue, root: JsonValue | undefined): string
}

function compileOne(c: Condition, path: Path, sink: FaultSink): Omit<Check, 'reads'> {
  const op = OPERATORS.find((o) => c[o] !== undefined) as Operator
  const tokens = c.pointer === undefined ? undefined : pointerTokens(c.pointer)
  const folded = c.ignoreKeyCase === true ? tokens?.map(foldKey) : undefined
  const at: At = tokens === undefined ? (b) => b : folded !== undefined ? (b) => resolveFolded(b, folded, foldKey) : (b) => resolvePointer(b, tokens)
  const where = c.pointer === undefined ? 'value' : c.pointer === '' ? '(whole value)' : c.pointer
  const body = bodyFor(c, op, path, sink, where)
  return {
    op, pointer: c.pointer,
    test: (base, root) => {
      const v = at(base)
      if (v === AMBIGUOUS) return 'refused'
      return v === undefined ? body.missing : body.test(v, root)
    },
    why: (base, root) => {
      const v = at(base)
      if (v === AMBIGUOUS) return `two keys at ${where} are the same key without case: it has no one meaning`
      if (v === undefined) return op === 'absent' ? `${where} is absent` : `no value at ${where}`
      return body.why(v, root)
    },
  }
}

function bodyFor(c: Condition, op: Operator, path: Path, sink: FaultSink, where: string): Body {
  const kid = (k: Condition, sub: Path): Check => compileCondition(k, [...path, ...sub], sink)
  switch (op) {
    case 'allOf':
    case 'anyOf': {
      const kids = (c[op] ?? []).map((k, i) => kid(k, [op, i]))
      return junctionBody(kids, op === 'allOf')
    }
    case 'not': {
      const k = kid(c.not as Condition, ['not'])
      return {
        missing: 'failed',
        // Not of a refusal stays refused: a value nobody could read never becomes a "yes".
        test: (v, root) => { const o = k.test(v, root); return o === 'held' ? 'failed' : o === 'failed' ? 'held' : o },
        why: (v, root) => `inner condition ${k.test(v, root) === 'held' ? 'held' : k.test(v, root) === 'refused' ? 'was refused' : 'did not hold'}: ${k.why(v, root)}`,
      }
    }
    case 'each':
    case 'some':
      return elements(kid(c[op] as Condition, [op]), op === 'each', where)
    case 'eachMember':
    case 'someMember':
      return members(kid(c[op] as Condition, [op]), op === 'eachMember', where)
    case 'exists':
    case 'absent':
      return { missing: op === 'absent' ? 'held' : 'failed', test: () => (op === 'exists' ? 'held' : 'failed'), why: () => `${where} is present` }
    default:
      return leafBody(leafFor(c, op, path, sink, (k, p, s) => compileCondition(k, p, s)), op)
  }
}

/** allOf (`all`) and anyOf, three-valued (check.ts junction). */
function junctionBody(kids: readonly Check[], all: boolean): Body {
  return {
    missing: 'failed',
    test: (v, root) => junction(kids.length, all, (i) => (kids[i] as Check).test(v, root)),
    why: (v, root) => {
      if (!all) {
        const ok = kids.find((k) => k.test(v, root) === 'held')
        return ok !== undefined ? `one held: ${ok.why(v, root)}` : `none held: ${kids.map((k) => k.why(v, root)).join('; ')}`
      }
      const bad = kids.find((k) => k.test(v, root) === 'failed') ?? kids.find((k) => k.test(v, root) === 'refused')
      return bad === undefined ? `all ${kids.length} held` : `not all held: ${bad.why(v, root)}`
    },
  }
}

/** `each` (every element; true for []) and `some` (at least one; false for []). */
function elements(k: Check, every: boolean, where: string): Body {
  const inner = (kids: readonly Check[]): Body => junctionBody(kids, every)
  const over = (v: JsonValue[]): Check[] => v.map((_, i) => ({ ...k, test: (_b, root) => k.test(v[i], root), why: (_b, root) => `element ${i}: ${k.why(v[i], root)}` }))
  return {
    missing: 'failed',
    test: (v, root) => (Array.isArray(v) ? junction(v.length, every, (i) => k.test(v[i], root)) : 'failed'),
    why: (v, root) => {
      if (!Array.isArray(v)) return `${where} is ${jsonType(v)}, ${every ? 'each' : 'some'} needs an array`
      if (v.length === 0) return every ? 'no elements: each holds' : 'no elements: some does not hold'
      return inner(over(v)).why(v, root)
    },
  }
}

/** `eachMember` and `someMember`: the child sees each member of an object as { key, value }. */
function members(k: Check, every: boolean, where: string): Body {
  const views = (v: { [key: string]: JsonValue }): JsonValue[] => Object.keys(v).map((key) => ({ key, value: v[key] as JsonValue }))
  const arr = elements(k, every, where)
  const isObject = (v: JsonValue): v is { [key: string]: JsonValue } => typeof v === 'object' && v !== null && !Array.isArray(v)
  return {
    missing: 'failed',
    test: (v, root) => (isObject(v) ? arr.test(views(v), root) : 'failed'),
    why: (v, root) => (isObject(v) ? arr.why(views(v), root).replaceAll('element', 'member').replace(/no members?/, 'no members') : `${where} is ${jsonType(v)}, ${every ? 'eachMember' : 'someMember'} needs an object`),
  }
}

function hasType(v: JsonValue, need: NonNullable<Leaf['need']>): boolean {
  if (need === 'array') return Array.isArray(v)
  if (need === 'object') return typeof v === 'object' && v !== null && !Array.isArray(v)
  return typeof v === need
}

function leafBody(leaf: Leaf, op: Operator): Body {
  const need = leaf.need
  return {
    missing: 'failed',
    test: (v, root) => (need !== undefined && !hasType(v, need) ? 'failed' : outcomeOf(leaf.test(v, root))),
    why: (v, root) => {
      if (need !== undefined && !hasType(v, need)) return `${show(v)} is ${jsonType(v)}, ${op} needs ${need}`
      if (leaf.test(v, root) === true || leaf.test(v, root) === 'held') return leaf.whyHeld?.(v, root) ?? `${show(v)} ${leaf.text}`
      return leaf.whyNot?.(v, root) ?? `${show(v)} does not satisfy: ${leaf.text}`
    },
  }
}
