/** @module config/yaml-source: parse a YAML (or JSON) file strictly, validate it with zod, and place every fault at file:line:col. */
import type { Document, Node as YamlNode } from 'yaml'
import { LineCounter, isAlias, isMap, isNode, isPair, isScalar, isSeq, parseDocument } from 'yaml'
import type { core, z } from 'zod'

export interface SourceFault {
  file: string
  line: number
  col: number
  message: string
}
export type Path = readonly PropertyKey[]

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
 * value (environment overrides), then validates with zod; each issue is placed where `yaml` saw it.
 */
export function parseYamlWithSchema<T>(file: string, text: string, schema: z.ZodType<T>, prepare?: (raw: unknown) => unknown): ParsedYaml<T> {
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
    if (prepare) raw = prepare(raw)
  } catch (e) {
    faults.push({ file, line: 1, col: 1, message: e instanceof Error ? e.message : String(e) })
    return done(undefined)
  }
  const parsed = schema.safeParse(raw, { reportInput: true })
  if (parsed.success) return done(parsed.data)
  for (const issue of parsed.error.issues) faults.push(issueFault(issue, fault))
  return done(undefined)
}

/** `file:line:col: message`; a fault with no position (line 0) is `source: message`. */
export function formatFault(f: SourceFault): string {
  return f.line === 0 ? `${f.file}: ${f.message}` : `${f.file}:${f.line}:${f.col}: ${f.message}`
}

/** Explains a zod issue at the position the `yaml` package recorded for its path. */
function issueFault(issue: core.$ZodIssue, fault: ParsedYaml<unknown>['fault']): SourceFault {
  const where = issue.path.length === 0 ? 'file' : issue.path.map(String).join('.')
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? ''
    return fault([...issue.path, key], `${where}: unknown key ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`, 'key')
  }
  if (issue.code === 'invalid_type' && issue.input === undefined && issue.path.length > 0) {
    return fault(issue.path.slice(0, -1), `${where}: missing, expected ${issue.expected}`)
  }
  return fault(issue.path, `${where}: ${issue.message}`)
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
