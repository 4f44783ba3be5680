/**
 * @module tests/docs/annotation: the `<!-- doc-test: … -->` line that says what a fenced block is and how it is checked.
 *
 * Grammar (the whole comment on the line right before the opening fence):
 *
 *   <!-- doc-test: KIND [OPTION ...] [(NOTE)] -->
 *   OPTION := name | name=value | name="value with spaces"
 *
 * KIND is one of KINDS below. `none` needs a NOTE that says why nobody runs it (output, diagram, …).
 * An unknown kind or option, or a missing required one, is an error: the suite fails on it.
 */

export type Kind = 'none' | 'config' | 'guard-config' | 'policy' | 'sh' | 'console' | 'ts' | 'js' | 'usage'

/** Each kind with the options it takes; `true` marks a flag (no value). */
export const KINDS: Readonly<Record<Kind, Readonly<Record<string, 'value' | 'flag'>>>> = {
  /** Not run: output, a diagram, a record shape. The note says which, and what checks it if anything does. */
  none: {},
  /** verbatim.yaml: src/config parseConfig; in a session, every file it names must load. */
  config: { session: 'value', file: 'value' },
  /** guard.yaml: src/guard parseGuardConfig; in a session, its key files must load. */
  'guard-config': { session: 'value', file: 'value' },
  /** A policy file: compiled, and its `tests:` run (at least one) with the real runner. `with=DIR` adds a policy set. */
  policy: { with: 'value', session: 'value', file: 'value' },
  /** Shell commands, run for real in the session's directory, one after another. */
  sh: { session: 'value', ports: 'value', alternatives: 'flag', restart: 'value' },
  /** `$ command` lines and the output they print, compared after normalisation (normalise.ts). */
  console: { session: 'value', ports: 'value', restart: 'value', json: 'flag', check: 'value', config: 'value' },
  /** TypeScript: type-checked against the package's own types, then run with node. */
  ts: { session: 'value', ports: 'value', daemon: 'flag', ready: 'value', check: 'value', audience: 'value', keys: 'value' },
  /** A JavaScript file a later block runs: written to `file`, syntax-checked with node --check. */
  js: { session: 'value', file: 'value' },
  /** Command synopses: each line must be a usage line that `verbatim … --help` prints. */
  usage: {},
}

const REQUIRED: Partial<Record<Kind, readonly string[]>> = { js: ['file'] }

export interface Annotation {
  readonly kind: Kind
  readonly options: Readonly<Record<string, string | true>>
  readonly note: string | undefined
}

const COMMENT = /^\s*<!--\s*doc-test:\s*(.*?)\s*-->\s*$/

/** True when the line is meant as an annotation (even a malformed one). */
export function looksLikeAnnotation(line: string | undefined): boolean {
  return line !== undefined && /<!--\s*doc-test\b/.test(line)
}

/** Parses one annotation line; throws an Error that says what is wrong. */
export function parseAnnotation(line: string): Annotation {
  const m = COMMENT.exec(line)
  if (m === null) throw new Error(`not a doc-test annotation: expected <!-- doc-test: KIND [OPTION ...] [(NOTE)] --> on one line, got ${line.trim()}`)
  let body = m[1] ?? ''
  let note: string | undefined
  const open = body.indexOf('(')
  if (open >= 0) {
    if (!body.endsWith(')')) throw new Error(`the note must end the annotation: ${line.trim()}`)
    note = body.slice(open + 1, -1).trim()
    body = body.slice(0, open)
  }
  const [kindWord, ...words] = tokens(body)
  if (kindWord === undefined) throw new Error('an annotation needs a kind')
  if (!Object.hasOwn(KINDS, kindWord)) throw new Error(`unknown kind '${kindWord}' (known: ${Object.keys(KINDS).join(', ')})`)
  const kind = kindWord as Kind
  const allowed = KINDS[kind]
  const options: Record<string, string | true> = {}
  for (const w of words) {
    const eq = w.indexOf('=')
    const name = eq < 0 ? w : w.slice(0, eq)
    const shape = Object.hasOwn(allowed, name) ? allowed[name] : undefined
    if (shape === undefined) throw new Error(`kind '${kind}' takes no option '${name}' (it takes: ${Object.keys(allowed).join(', ') || 'none'})`)
    if ((shape === 'flag') !== (eq < 0)) throw new Error(`option '${name}' of '${kind}' ${shape === 'flag' ? 'takes no value' : 'needs a value'}`)
    if (Object.hasOwn(options, name)) throw new Error(`option '${name}' given twice`)
    options[name] = eq < 0 ? true : unquote(w.slice(eq + 1))
  }
  for (const r of REQUIRED[kind] ?? []) if (!Object.hasOwn(options, r)) throw new Error(`kind '${kind}' needs ${r}=…`)
  if (kind === 'none' && (note === undefined || note === '')) throw new Error("'none' needs a note that says why the block is not run: none (output)")
  return { kind, options, note }
}

/** Whitespace-separated words; a double-quoted value may hold spaces. */
function tokens(s: string): string[] {
  return [...s.matchAll(/[^\s"]+(?:"[^"]*")?|"[^"]*"/g)].map((x) => x[0])
}

function unquote(v: string): string {
  return v.startsWith('"') && v.endsWith('"') && v.length >= 2 ? v.slice(1, -1) : v
}

/** A string option, or undefined. */
export function opt(a: Annotation, name: string): string | undefined {
  const v = a.options[name]
  return typeof v === 'string' ? v : undefined
}

export function flag(a: Annotation, name: string): boolean {
  return a.options[name] === true
}
