/** @module policy/leaves: the operators that test one value: comparisons, sizes, patterns, paths, hosts, and the language matchers. */
import { RE2JS } from 're2js'
import type { CompileFn, FaultSink, Leaf } from './check.js'
import { show } from './check.js'
import type { JsonValue } from './json.js'
import { pointerTokens, resolvePointer } from './json.js'
import { codePointLength, jsonEqual, jsonType, utf8AtMost, utf8ByteLength } from './matchers.js'
import { compileHostPattern, hostMatches } from './matchers/hosts.js'
import { isCanonicalAbsolutePath, resolveRelative, underRoots } from './matchers/paths.js'
import { shellLeaf } from './matchers/shell.js'
import { sqlLeaf, sqlSpecFaults } from './matchers/sql.js'
import { canonicalUrlHost, canonicalUrl, urlLeaf } from './matchers/url.js'
import type { Condition, Operator, PathSpec } from './schema.js'
import type { Path } from './source.js'

/** The test of a leaf operator, compiled once. */
export function leafFor(c: Condition, op: Operator, path: Path, sink: FaultSink, compile: CompileFn): Leaf {
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
    case 'min': return bound('number', `is at least ${c.min}`, (v) => (v as number) >= (c.min as number))
    case 'max': return bound('number', `is at most ${c.max}`, (v) => (v as number) <= (c.max as number))
    case 'minLength': return bound('string', `has at least ${c.minLength} characters`, (v) => codePointLength(v as string) >= (c.minLength as number))
    case 'maxLength': return bound('string', `has at most ${c.maxLength} characters`, (v) => codePointLength(v as string) <= (c.maxLength as number))
    case 'minBytes': {
      const n = c.minBytes as number
      return { need: 'string', text: `has at least ${n} bytes in UTF-8`, test: (v) => !utf8AtMost(v as string, n - 1), whyNot: (v) => `${show(v)} has ${utf8ByteLength(v as string)} bytes in UTF-8, fewer than ${n}` }
    }
    case 'maxBytes': {
      const n = c.maxBytes as number
      return { need: 'string', text: `has at most ${n} bytes in UTF-8`, test: (v) => utf8AtMost(v as string, n), whyNot: (v) => `${show(v)} has ${utf8ByteLength(v as string)} bytes in UTF-8, more than ${n}` }
    }
    case 'maxItems': return bound('array', `has at most ${c.maxItems} items`, (v) => (v as JsonValue[]).length <= (c.maxItems as number))
    case 'prefix': {
      const p = c.prefix as string
      return { need: 'string', text: `starts with ${show(p)}`, test: (v) => (v as string).startsWith(p) }
    }
    case 'pattern': return patternLeaf(c.pattern as string, [...path, 'pattern'], sink)
    case 'pathUnder': return pathLeaf(c.pathUnder as NonNullable<Condition['pathUnder']>)
    case 'urlHost': {
      const hosts = typeof c.urlHost === 'string' ? [c.urlHost] : (c.urlHost ?? []) // checked by the schema
      const patterns = hosts.map(compileHostPattern)
      return {
        need: 'string', text: `is a canonical URL with host in ${show(hosts)}`,
        test: (v) => {
          const h = canonicalUrlHost(v as string)
          return h !== undefined && patterns.some((p) => hostMatches(p, h))
        },
        whyNot: (v) => {
          const u = canonicalUrl(v as string)
          return typeof u === 'string' ? `${show(v)} is not a URL urlHost reads: ${u}` : `host ${show(u.host)} is not in ${show(hosts)}`
        },
      }
    }
    case 'url': return urlLeaf(c.url as NonNullable<Condition['url']>, [...path, 'url'], sink, compile)
    case 'shell': return shellLeaf(c.shell as NonNullable<Condition['shell']>, [...path, 'shell'], sink, compile)
    case 'sql': {
      const spec = c.sql as NonNullable<Condition['sql']>
      sqlSpecFaults(spec, [...path, 'sql'], sink)
      return sqlLeaf(spec)
    }
    default:
      throw new Error(`unreachable operator ${op}`)
  }
}

function bound(need: 'string' | 'number' | 'array', text: string, test: (v: JsonValue) => boolean): Leaf {
  return { need, text, test }
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

/** pathUnder in its three spellings: one root, a list, or { roots, relativeTo, caseInsensitive }. */
function pathLeaf(arg: string | string[] | PathSpec): Leaf {
  const spec: PathSpec = typeof arg === 'string' ? { roots: [arg] } : Array.isArray(arg) ? { roots: arg } : arg
  const roots = { roots: spec.roots, caseInsensitive: spec.caseInsensitive === true }
  const rel = spec.relativeTo === undefined ? undefined : pointerTokens(spec.relativeTo)
  const names = spec.roots.length === 1 ? (spec.roots[0] as string) : spec.roots.join(' or ')
  /** The absolute path the value names, or why it names none. */
  const resolve = (v: string, root: JsonValue | undefined): { path: string } | { problem: string } => {
    if (rel === undefined || v.startsWith('/')) return isCanonicalAbsolutePath(v) ? { path: v } : { problem: `${show(v)} is not a canonical absolute path` }
    const cwd = resolvePointer(root, rel)
    if (typeof cwd !== 'string' || !isCanonicalAbsolutePath(cwd)) return { problem: `${show(v)} is relative, and ${spec.relativeTo ?? ''} is ${show(cwd)}, not a canonical absolute path` }
    return resolveRelative(cwd, v)
  }
  const run = (v: JsonValue, root: JsonValue | undefined): { r: boolean | 'refused'; why: string } => {
    const p = resolve(v as string, root)
    if ('problem' in p) return { r: false, why: p.problem }
    const under = underRoots(p.path, roots)
    if (typeof under === 'string') return { r: 'refused', why: under }
    const shown = p.path === v ? show(v) : `${show(v)} (${p.path})`
    return { r: under, why: under ? `${shown} is under ${names}` : `${shown} is not under ${names}` }
  }
  return {
    need: 'string', text: `is under ${names}`,
    test: (v, root) => run(v, root).r,
    whyNot: (v, root) => run(v, root).why,
    whyHeld: (v, root) => run(v, root).why,
  }
}
