/**
 * @module policy/matchers/mvdan: mvdan/sh's syntax trees (mvdan-sh, its GopherJS build), read
 * directly. The package's JavaScript wrappers build an object per field read (about 100 µs a
 * command, tens of ms at the 99th percentile in GC), so the matcher reads the Go values underneath,
 * which GopherJS lays out as plain objects: a pointer's type is `constructor.string`
 * ("*syntax.CallExpr"), a slice is { $array, $offset, $length }, a nil pointer is its type's `nil`.
 * The version is pinned; tests/policy/shell.test.ts holds this layout to it.
 */
import { createRequire } from 'node:module'

/** A Go value as GopherJS lays it out. */
export type GoValue = { readonly [field: string]: unknown }
interface Wrapped { readonly __internal_object__: GoValue }
interface Syntax {
  NewParser(...o: unknown[]): { Parse(src: string, name: string): Wrapped }
  Variant(v: unknown): unknown
  LangBash: unknown
  LangPOSIX: unknown
}

export interface ShellParsers { parse(src: string, dialect: 'bash' | 'posix'): GoValue }
let parsers: ShellParsers | undefined

/** The bash and POSIX parsers, made on first use (mvdan-sh takes about 50 ms to load), so a policy without shell conditions never pays. */
export function shellParsers(): ShellParsers {
  if (parsers !== undefined) return parsers
  const { syntax } = createRequire(import.meta.url)('mvdan-sh') as { syntax: Syntax }
  const byDialect = { bash: syntax.NewParser(syntax.Variant(syntax.LangBash)), posix: syntax.NewParser(syntax.Variant(syntax.LangPOSIX)) }
  parsers = { parse: (src, dialect) => byDialect[dialect].Parse(src, '').__internal_object__ }
  return parsers
}

/** The message of a parse error mvdan-sh threw ("1:6: reached EOF without closing quote"). */
export function parseError(e: unknown): string {
  const err = e as { Error?: () => unknown } | undefined
  return typeof err?.Error === 'function' ? String(err.Error()) : String(e)
}

/** The node type ("CallExpr") of a pointer to a syntax node, or undefined for nil and non-nodes. */
export function kind(x: unknown): string | undefined {
  if (x === null || typeof x !== 'object') return undefined
  const c = (x as { constructor?: { string?: unknown; nil?: unknown } }).constructor
  if (typeof c?.string !== 'string' || c.nil === x || !c.string.startsWith('*syntax.')) return undefined
  return c.string.slice(8)
}

/** The elements of a Go slice. */
export function items(s: unknown): GoValue[] {
  const v = s as { $array?: GoValue[]; $offset?: number; $length?: number } | undefined
  if (v?.$array === undefined) return []
  return v.$array.slice(v.$offset ?? 0, (v.$offset ?? 0) + (v.$length ?? 0))
}

/** The byte offset of a syntax.Pos (its `offs` field). */
export function offset(pos: unknown): number {
  return (pos as { offs?: number } | undefined)?.offs ?? 0
}

/** Every node below `n` (children before the next sibling), in source order as fields are declared. */
export function walk(n: GoValue, visit: (kind: string, node: GoValue) => void): void {
  for (const k of Object.keys(n)) {
    if (k === '$val') continue
    const v = n[k]
    if (v === null || typeof v !== 'object') continue
    if ((v as { $array?: unknown }).$array !== undefined) {
      for (const x of items(v)) visitNode(x, visit)
    } else {
      visitNode(v as GoValue, visit)
    }
  }
}

function visitNode(x: GoValue, visit: (kind: string, node: GoValue) => void): void {
  const t = kind(x)
  if (t === undefined || t === 'Pos') return
  visit(t, x)
  walk(x, visit)
}
