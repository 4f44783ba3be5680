/** @module policy/matchers/sql: a query as PostgreSQL reads it: one statement, its kind, the tables it names and the functions it calls. */
import type { FaultSink, Leaf, Outcome } from '../check.js'
import { show } from '../check.js'
import type { Path } from '../source.js'
import { ambiguousLiteral, parseSql, sqlParserProblem } from './sql-parser.js'
import { READ_ONLY_FUNCTIONS, writingFunction } from './sql-names.js'
import type { SqlName } from './sql-walk.js'
import { sqlFacts } from './sql-walk.js'

import type { SqlStatement } from './sql-names.js'

export { SQL_STATEMENTS } from './sql-names.js'
export type { SqlStatement } from './sql-names.js'
const KIND: Readonly<Record<string, SqlStatement>> = { SelectStmt: 'select', InsertStmt: 'insert', UpdateStmt: 'update', DeleteStmt: 'delete' }

export interface SqlSpec {
  readonly dialect?: 'postgresql' | undefined
  readonly readOnly?: boolean | undefined
  readonly statements?: readonly SqlStatement[] | undefined
  readonly tables?: readonly string[] | undefined
  readonly schemas?: readonly string[] | undefined
  readonly functions?: readonly string[] | undefined
}

const split = (s: string): string[] => s.split('.')
const same = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i])
const named = (n: SqlName): string => n.parts.join('.')

/** Faults in a spec that validated: an entry that names nothing, or readOnly with what it forbids. */
export function sqlSpecFaults(spec: SqlSpec, path: Path, sink: FaultSink): void {
  const problem = sqlParserProblem()
  if (problem !== undefined) sink(path, problem)
  spec.tables?.forEach((t, i) => {
    if (split(t).some((p) => p === '') || split(t).length > 3) sink([...path, 'tables', i], `${JSON.stringify(t)} is not a table name: table, schema.table or database.schema.table`)
  })
  spec.schemas?.forEach((s, i) => { if (s === '' || s.includes('.')) sink([...path, 'schemas', i], `${JSON.stringify(s)} is not a schema name`) })
  if (spec.readOnly !== true) return
  spec.statements?.forEach((s, i) => { if (s !== 'select') sink([...path, 'statements', i], `readOnly admits only select; ${s} writes`) })
  spec.functions?.forEach((f, i) => {
    const w = writingFunction(split(f))
    if (w !== undefined) sink([...path, 'functions', i], `${f} is not read-only (${w}: it writes, locks, waits or reaches outside the database); readOnly cannot allow it`)
  })
}

/** The `sql` operator: holds when the string is one statement PostgreSQL parses, of an allowed kind, naming only allowed tables and functions. */
export function sqlLeaf(spec: SqlSpec): Leaf {
  const kinds = new Set<string>(spec.readOnly === true ? ['select'] : (spec.statements ?? ['select']))
  const tables = spec.tables?.map(split)
  const schemas = spec.schemas === undefined ? undefined : new Set(spec.schemas)
  const fnList = spec.functions ?? (spec.readOnly === true ? READ_ONLY_FUNCTIONS : undefined)
  const functions = fnList?.map(split)
  const tableOk = (n: SqlName): boolean => (tables?.some((t) => same(t, n.parts)) ?? false) || (n.parts.length >= 2 && (schemas?.has(n.parts.at(-2) as string) ?? false))

  const run = (q: string): { outcome: Outcome; why: string } => {
    if (q.trim() === '') return { outcome: 'failed', why: 'an empty query' }
    const parsed = parseSql(q)
    if (!parsed.ok) return { outcome: 'refused', why: `PostgreSQL cannot parse it: ${parsed.error}` }
    const ambiguous = ambiguousLiteral(q)
    if (ambiguous !== undefined) return { outcome: 'refused', why: ambiguous }
    const stmts = parsed.tree.stmts ?? []
    // A string of several statements runs them all under the simple query protocol and is refused by the extended one.
    if (stmts.length !== 1) return { outcome: 'failed', why: `${stmts.length} statements: the sql operator admits exactly one` }
    const f = sqlFacts((stmts[0] as { stmt: Record<string, unknown> }).stmt)
    for (const s of f.statements) {
      const kind = KIND[s]
      if (kind === undefined || !kinds.has(kind)) return { outcome: 'failed', why: `${kind ?? s} is not allowed here (${[...kinds].join(', ')})${f.statements[0] === s ? '' : ', inside the statement'}` }
    }
    if (spec.readOnly === true && f.clauses.length > 0) return { outcome: 'failed', why: `${f.clauses[0] ?? ''}: not read-only` }
    if (f.clauses.some((c) => c.startsWith('SELECT INTO'))) return { outcome: 'failed', why: 'SELECT INTO creates a table' }
    if (tables !== undefined || schemas !== undefined) {
      const bad = f.tables.find((t) => !tableOk(t))
      if (bad !== undefined) {
        const hint = bad.parts.length === 1 && schemas !== undefined ? ': an unqualified name is found through search_path; write schema.table' : ''
        return { outcome: 'failed', why: `table ${named(bad)} is not allowed${hint}` }
      }
    }
    if (functions !== undefined) {
      const bad = f.functions.find((n) => !functions.some((a) => same(a, n.parts)))
      if (bad !== undefined) {
        const w = writingFunction(bad.parts)
        return { outcome: 'failed', why: `function ${named(bad)} is not allowed${w === undefined ? '' : ' (it writes, locks, waits or reaches outside the database)'}` }
      }
      const writes = spec.readOnly === true ? f.functions.find((n) => writingFunction(n.parts) !== undefined) : undefined
      if (writes !== undefined) return { outcome: 'failed', why: `function ${named(writes)} is not read-only` }
    }
    const what = f.tables.length === 0 ? 'no tables' : f.tables.map(named).join(', ')
    return { outcome: 'held', why: `one ${KIND[f.statements[0] ?? ''] ?? 'statement'} reading ${what}` }
  }
  return {
    need: 'string',
    text: spec.readOnly === true ? 'is one read-only SELECT' : 'is one SQL statement the rule allows',
    test: (v) => run(v as string).outcome,
    whyNot: (v) => `${show(v)}: ${run(v as string).why}`,
    whyHeld: (v) => `${show(v)}: ${run(v as string).why}`,
  }
}
