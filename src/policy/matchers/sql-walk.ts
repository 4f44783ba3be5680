/** @module policy/matchers/sql-walk: what one parsed PostgreSQL statement reads, writes and calls, with WITH names in scope. */

/** A name as the parser resolved its spelling (unquoted folded to lower case, quoted kept): [schema, name] or [name]. */
export interface SqlName { readonly parts: readonly string[]; readonly location: number }

/** What a statement does, as the walk found it. */
export interface SqlFacts {
  /** Every statement node, outermost first: SelectStmt, and any DeleteStmt in a WITH. */
  readonly statements: string[]
  /** Relations named in FROM, JOIN, INSERT INTO, UPDATE, DELETE FROM; a WITH name in scope is not one. */
  readonly tables: SqlName[]
  /** Functions called, including TABLESAMPLE methods; a function called in SQL syntax (EXTRACT, SUBSTRING … FROM) by its bare name. */
  readonly functions: SqlName[]
  /** Clauses that write or lock from inside a SELECT: SELECT INTO, FOR UPDATE/SHARE, OPERATOR(schema.op). */
  readonly clauses: string[]
}

type Obj = Readonly<Record<string, unknown>>
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)
const STATEMENTS = new Set(['SelectStmt', 'InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt'])

function strings(list: unknown): string[] {
  return Array.isArray(list) ? list.map((x) => (isObj(x) && isObj(x.String) ? String(x.String.sval ?? '') : '')) : []
}

function rangeVar(rv: Obj, scope: ReadonlySet<string>, f: SqlFacts): void {
  const parts = [rv.catalogname, rv.schemaname, rv.relname].filter((x): x is string => typeof x === 'string')
  // An unqualified name that a WITH in scope defines is that query, not a table (PostgreSQL §7.8).
  if (parts.length === 1 && scope.has(parts[0] as string)) return
  f.tables.push({ parts, location: typeof rv.location === 'number' ? rv.location : -1 })
}

function statement(type: string, body: Obj, scope: ReadonlySet<string>, f: SqlFacts): void {
  f.statements.push(type)
  let inner = scope
  const w = body.withClause
  if (isObj(w) && Array.isArray(w.ctes)) {
    const ctes = w.ctes.map((c) => (isObj(c) && isObj(c.CommonTableExpr) ? c.CommonTableExpr : {}))
    const names = ctes.map((c) => String(c.ctename ?? ''))
    // A recursive WITH sees all its names; otherwise each query sees the ones before it.
    ctes.forEach((c, i) => walk(c.ctequery, new Set([...scope, ...(w.recursive === true ? names : names.slice(0, i))]), f))
    inner = new Set([...scope, ...names])
  }
  if (isObj(body.intoClause)) f.clauses.push('SELECT INTO creates a table')
  if (Array.isArray(body.lockingClause)) f.clauses.push('FOR UPDATE / FOR SHARE locks rows')
  for (const [k, v] of Object.entries(body)) {
    if (k === 'withClause' || k === 'intoClause') continue
    if (k === 'relation' && isObj(v)) rangeVar(v, new Set(), f) // the target of INSERT, UPDATE, DELETE, MERGE
    else if ((k === 'larg' || k === 'rarg') && isObj(v)) statement('SelectStmt', v, inner, f) // UNION, INTERSECT, EXCEPT
    else walk(v, inner, f)
  }
}

function node(type: string, body: Obj, scope: ReadonlySet<string>, f: SqlFacts): void {
  if (STATEMENTS.has(type)) return statement(type, body, scope, f)
  if (type.endsWith('Stmt')) { f.statements.push(type); return }
  if (type === 'RangeVar') return rangeVar(body, scope, f)
  if (type === 'FuncCall') {
    const parts = strings(body.funcname)
    const location = typeof body.location === 'number' ? body.location : -1
    f.functions.push({ parts: body.funcformat === 'COERCE_SQL_SYNTAX' ? parts.slice(-1) : parts, location })
  }
  if (type === 'RangeTableSample') f.functions.push({ parts: strings(body.method), location: typeof body.location === 'number' ? body.location : -1 })
  if (type === 'A_Expr' && strings(body.name).length > 1) f.clauses.push(`OPERATOR(${strings(body.name).join('.')}) runs whatever function that schema's operator names`)
  for (const v of Object.values(body)) walk(v, scope, f)
}

function walk(v: unknown, scope: ReadonlySet<string>, f: SqlFacts): void {
  if (Array.isArray(v)) { for (const x of v) walk(x, scope, f); return }
  if (!isObj(v)) return
  const keys = Object.keys(v)
  const k = keys[0]
  if (keys.length === 1 && k !== undefined && /^[A-Z]/.test(k) && isObj(v[k])) return node(k, v[k] as Obj, scope, f)
  for (const x of Object.values(v)) walk(x, scope, f)
}

/** The facts of one top-level statement (`{ SelectStmt: … }`). */
export function sqlFacts(stmt: Obj): SqlFacts {
  const f: SqlFacts = { statements: [], tables: [], functions: [], clauses: [] }
  walk(stmt, new Set(), f)
  return f
}
