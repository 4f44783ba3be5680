/** @module config/yaml-source: parse a YAML (or JSON) file strictly, validate it with zod, and place every fault at file:line:col. */
import type { Document, Node as YamlNode } from 'yaml'
import { LineCounter, isAlias, isMap, isNode, isPair, isScalar, isSeq, parseDocument } from 'yaml'
import type { z } from 'zod'
import { schemaFaults } from './schema-faults.js'
import type { FaultHooks } from './schema-faults.js'
import type { Path, SourceFault } from './source-fault.js'

export type { Path, SourceFault } from './source-fault.js'
export { formatFault, unreadableFault } from './source-fault.js'

/** A parsed file: its typed content (when valid) and a way to turn a value path into a position. */
export interface ParsedYaml<T> {
  readonly file: string
  readonly data: T | undefined
  readonly faults: SourceFault[]
  /** A fault at the node that `path` addresses (or its deepest existing ancestor). */
  fault(path: Path, message: string, at?: 'key' | 'value'): SourceFault
}

/**
 * Parses YAML 1.2 (JSON is a subset) with duplicate keys refused, lets `prepare` adjust the plain
 * value (environment overrides), then validates with zod; each issue is placed where `yaml` saw it,
 * and explained as config/schema-faults explains it. `prepare` may throw an error whose
 * `detail.faults` lists its faults (each variable it could not apply); any other error becomes one
 * fault without a position.
 */
export function parseYamlWithSchema<T>(file: string, text: string, schema: z.ZodType<T>, prepare?: (raw: unknown, fault: ParsedYaml<T>['fault']) => unknown, hooks?: FaultHooks): ParsedYaml<T> {
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true })
  const pos = (offset: number): { line: number; col: number } => {
    const p = lineCounter.linePos(offset)
    return { line: Math.max(1, p.line), col: Math.max(1, p.col) }
  }
  const fault = (path: Path, message: string, at: 'key' | 'value' = 'value'): SourceFault => ({ file, ...pos(locate(doc, path, at)), message })
  const faults: SourceFault[] = []
  const done = (data: T | undefined): ParsedYaml<T> => ({ file, data, faults, fault })
  for (const e of [...doc.errors, ...doc.warnings]) {
    faults.push({ file, ...pos(e.pos[0]), message: e.message.split('\n')[0] ?? e.message })
  }
  if (faults.length > 0) return done(undefined)
  let raw: unknown
  try {
    raw = doc.toJS({ maxAliasCount: 100 })
    if (prepare) raw = prepare(raw, fault)
  } catch (e) {
    const listed = (e as { detail?: { faults?: unknown } }).detail?.faults
    if (Array.isArray(listed)) faults.push(...(listed as SourceFault[]))
    else faults.push({ file, line: 0, col: 0, message: e instanceof Error ? e.message : String(e) })
    return done(undefined)
  }
  const parsed = schema.safeParse(raw, { reportInput: true })
  if (parsed.success) return done(parsed.data)
  faults.push(...schemaFaults(schema, parsed.error.issues, fault, hooks))
  return done(undefined)
}



/** The source offset of the node at `path`, walking maps by key and sequences by index. */
function locate(doc: Document, path: Path, at: 'key' | 'value'): number {
  let node: unknown = doc.contents
  let best = isNode(node) ? (node.range?.[0] ?? 0) : 0
  for (const [i, seg] of path.entries()) {
    if (isAlias(node)) node = node.resolve(doc)
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && keyOf(p.key) === String(seg))
      if (pair === undefined) break
      const target = at === 'key' && i === path.length - 1 ? pair.key : (pair.value ?? pair.key)
      if (!isNode(target)) break
      node = target
    } else if (isSeq(node) && typeof seg === 'number') {
      const item: unknown = node.items[seg]
      if (!isNode(item)) break
      node = item
    } else {
      break
    }
    best = (node as YamlNode).range?.[0] ?? best
  }
  return best
}

function keyOf(key: unknown): string | undefined {
  return isScalar(key) ? String(key.value) : undefined
}
