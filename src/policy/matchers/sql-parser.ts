/**
 * @module policy/matchers/sql-parser: PostgreSQL's own parser (libpg_query, the server's grammar
 * compiled to WebAssembly). Loaded once, asynchronously, at policy load; then called synchronously
 * on the hot path. A parser that failed to load is a load fault for every rule that needs it.
 */

/** A statement list as the parser gives it: each statement is `{ NodeType: fields }`. */
export interface PgParse { readonly stmts?: readonly { readonly stmt: Readonly<Record<string, unknown>> }[] }
interface PgToken { readonly text: string; readonly tokenName: string; readonly start: number }
interface PgModule {
  loadModule(): Promise<void>
  parseSync(q: string): PgParse
  scanSync(q: string): { tokens: readonly PgToken[] }
}

type State = { readonly ok: true; readonly mod: PgModule } | { readonly ok: false; readonly error: string }
let state: State | undefined
let loading: Promise<void> | undefined

/**
 * Loads the parsers that need asynchronous set-up (today: PostgreSQL's). Idempotent; never throws:
 * a failure is kept, and compiling a rule that needs the parser reports it as a fault.
 * @example await loadPolicyParsers(); const policy = compilePolicy(sources)
 */
export function loadPolicyParsers(): Promise<void> {
  loading ??= (async () => {
    try {
      const mod = (await import('libpg-query')) as unknown as PgModule
      await mod.loadModule()
      state = { ok: true, mod }
    } catch (e) {
      state = { ok: false, error: e instanceof Error ? e.message : String(e) }
    }
  })()
  return loading
}

/** Why the PostgreSQL parser cannot be used now, or undefined when it can. */
export function sqlParserProblem(): string | undefined {
  if (state === undefined) return 'the PostgreSQL parser is not loaded: call loadPolicyParsers() before compilePolicy (loadPolicy does)'
  return state.ok ? undefined : `the PostgreSQL parser failed to load: ${state.error}`
}

/** One statement list, or the parser's error with its position (1-based character, as psql shows it). */
export type SqlParse = { readonly ok: true; readonly tree: PgParse } | { readonly ok: false; readonly error: string }

let last: { q: string; r: SqlParse } | undefined

/** Parses `q` (the last answer is kept: a rule often has several conditions on one value). Call only after a clean `sqlParserProblem()`. */
export function parseSql(q: string): SqlParse {
  if (last?.q === q) return last.r
  const mod = (state as { mod: PgModule }).mod
  let r: SqlParse
  try {
    r = { ok: true, tree: mod.parseSync(q) }
  } catch (e) {
    const pos = (e as { sqlDetails?: { cursorPosition?: number } }).sqlDetails?.cursorPosition
    r = { ok: false, error: `${e instanceof Error ? e.message : String(e)}${pos === undefined || pos < 0 ? '' : ` (at character ${pos + 1})`}` }
  }
  last = { q, r }
  return r
}

/**
 * A plain '…' string constant that holds a backslash means one thing with the server's
 * standard_conforming_strings on (the default since 9.1: a backslash is a backslash) and another
 * with it off (an escape: 'a\' OR …'). The text has no one meaning, so it is named here.
 */
export function ambiguousLiteral(q: string): string | undefined {
  if (!q.includes('\\')) return undefined
  const mod = (state as { mod: PgModule }).mod
  let tokens: readonly PgToken[]
  try {
    tokens = mod.scanSync(q).tokens
  } catch {
    return undefined // the parse reports the error
  }
  const t = tokens.find((x) => x.tokenName === 'SCONST' && x.text.startsWith("'") && x.text.includes('\\'))
  return t === undefined ? undefined : `the string ${t.text.length > 40 ? t.text.slice(0, 39) + '…' : t.text} at character ${t.start + 1} holds a backslash, an escape only when standard_conforming_strings is off: write E'…' for escapes`
}
