/** @module config/yaml-source: parse YAML with positions and explain zod issues as file:line:col. */
import { LineCounter, isNode, parseDocument } from 'yaml'
import type { Document } from 'yaml'
import type { z } from 'zod'

export interface SourceFault {
  file: string
  line: number
  col: number
  message: string
}

export interface YamlSource {
  file: string
  doc: Document.Parsed
  lines: LineCounter
}

/** Parses text strictly (YAML 1.2 core, unique keys). Syntax errors come back as faults. */
export function parseYamlSource(file: string, text: string): { source: YamlSource; faults: SourceFault[] } {
  const lines = new LineCounter()
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false, strict: true })
  const faults = doc.errors.map((e) => {
    const pos = lines.linePos(e.pos[0])
    return { file, line: pos.line, col: pos.col, message: e.message.split('\n')[0] ?? e.message }
  })
  return { source: { file, doc, lines }, faults }
}

/** The position of the deepest node that exists along `path`. */
export function positionOf(source: YamlSource, path: ReadonlyArray<PropertyKey>): { line: number; col: number } {
  let keys = path.map((k) => (typeof k === 'symbol' ? String(k) : k))
  while (keys.length > 0) {
    const node = source.doc.getIn(keys, true)
    if (isNode(node) && node.range) return source.lines.linePos(node.range[0])
    keys = keys.slice(0, -1)
  }
  const root = source.doc.contents
  return isNode(root) && root.range ? source.lines.linePos(root.range[0]) : { line: 1, col: 1 }
}

/** One fault per zod issue, placed at the offending node, saying what was expected. */
export function zodFaults(source: YamlSource, error: z.ZodError): SourceFault[] {
  return error.issues.map((issue) => {
    const at = positionOf(source, issue.path)
    const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''
    return { file: source.file, line: at.line, col: at.col, message: `${where}${issue.message}` }
  })
}

export function formatFault(f: SourceFault): string {
  return `${f.file}:${f.line}:${f.col}: ${f.message}`
}
