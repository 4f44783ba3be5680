/**
 * @module policy/matchers/shell-parse: a command string, read by mvdan/sh (the GopherJS build of the
 * Go parser behind shfmt), as the simple commands it runs and the constructs it uses.
 */
import { Buffer } from 'node:buffer'
import type { GoValue } from './mvdan.js'
import { items, kind, offset, parseError, shellParsers, walk } from './mvdan.js'
import type { Construct } from './shell-constructs.js'

/** One redirection: its operator, the descriptor written before it, and its target word (null: not known at the gate). */
export interface RawRedirect { readonly op: string; readonly fd: string | null; readonly target: string | null }
/** One simple command: its words after quote removal (null where an expansion decides the value), as the shell will pass them. */
export interface RawCommand {
  readonly words: readonly (string | null)[]
  readonly redirects: readonly RawRedirect[]
  readonly assigns: readonly { readonly name: string; readonly value: string | null }[]
}
/** What one dialect read: the commands in source order and the first place each construct appears. */
export type ShellReading =
  | { readonly ok: true; readonly commands: readonly RawCommand[]; readonly used: ReadonlyMap<Construct, string> }
  | { readonly ok: false; readonly error: string }

type Node = GoValue
const n$ = (x: unknown): Node => x as Node
// Operator codes of mvdan/sh v3 (syntax/tokens.go), pinned with the package and checked by the shell tests.
export const REDIRECT_OPS: ReadonlyMap<number, string> = new Map([[54, '>'], [55, '>>'], [56, '<'], [57, '<>'], [58, '<&'], [59, '>&'], [60, '>|'], [61, '<<'], [62, '<<-'], [63, '<<<'], [64, '&>'], [65, '&>>']])
export const BINARY_OPS: ReadonlyMap<number, { op: string; cs: readonly Construct[] }> = new Map([
  [10, { op: '&&', cs: ['and'] }], [11, { op: '||', cs: ['or'] }], [12, { op: '|', cs: ['pipe'] }], [13, { op: '|&', cs: ['pipe', 'redirect'] }],
])

const COMMAND_CONSTRUCT: Readonly<Record<string, Construct>> = {
  Subshell: 'subshell', Block: 'group', FuncDecl: 'function', DeclClause: 'declaration', LetClause: 'arithmetic',
  ArithmCmd: 'arithmetic', IfClause: 'compound', WhileClause: 'compound', ForClause: 'compound', CaseClause: 'compound',
  TestClause: 'compound', TimeClause: 'compound', CoprocClause: 'compound', TestDecl: 'compound',
}
const PART_CONSTRUCT: Readonly<Record<string, Construct>> = {
  ParamExp: 'parameter', CmdSubst: 'command-substitution', ArithmExp: 'arithmetic', ProcSubst: 'process-substitution', ExtGlob: 'glob',
}
// Characters a reader does not see, or sees as a space where the shell sees a letter (Trojan Source, CVE-2021-42574).
const HIDDEN = /(?![\t\n ])[\p{Cc}\p{Cf}\p{Z}]/u

class Reader {
  constructor(private readonly src: string) {}
  readonly used = new Map<Construct, string>()
  readonly commands: RawCommand[] = []
  #bytes: Buffer | undefined

  /** line:col of a byte offset, as mvdan/sh counts (columns in bytes). */
  private at(offs: number): string {
    this.#bytes ??= Buffer.from(this.src, 'utf8')
    const before = this.#bytes.subarray(0, offs)
    const nl = before.lastIndexOf(0x0a)
    let line = 1
    for (const b of before) if (b === 0x0a) line++
    return `${line}:${offs - nl}`
  }

  use(c: Construct, offs: number, what: string): void {
    if (!this.used.has(c)) this.used.set(c, `${what} at ${this.at(offs)}`)
  }

  /** A word after quote removal, or null when an expansion decides it. Unquoted globs, braces and tildes are noted. */
  word(w: Node): string | null {
    let out = ''
    let known = true
    let open = -1 // an unquoted "{" seen in this word, for brace expansion
    items(w.Parts).forEach((p, i) => {
      const t = kind(p)
      if (t === 'Lit') {
        const v = p.Value as string
        const start = offset(p.ValuePos)
        for (let j = 0; j < v.length; j++) {
          const c = v[j] as string
          if (c === '\\') { if (v[j + 1] !== '\n') out += v[j + 1] ?? ''; j++; continue }
          if (c === '*' || c === '?' || c === '[') this.use('glob', start, `the pattern ${JSON.stringify(v)}`)
          if (c === '~' && ((i === 0 && j === 0) || v[j - 1] === '=' || v[j - 1] === ':')) this.use('tilde', start, `"~" in ${JSON.stringify(v)}`)
          // bash expands {a,b} and {1..3}; a lone "{" or "{}" (find -exec {} ;) stays as it is.
          if (c === '{') open = out.length
          if (c === '}' && open !== -1 && out.length > open + 1) this.use('brace', start, `the brace expansion in ${JSON.stringify(v)}`)
          out += c
        }
      } else if (t === 'SglQuoted') {
        if (p.Dollar === true) { this.use('dollar-quote', offset(p.Left), "$'…'"); known = false } else out += p.Value as string
      } else if (t === 'DblQuoted') {
        if (p.Dollar === true) { this.use('dollar-quote', offset(p.Left), '$"…"'); known = false }
        for (const q of items(p.Parts)) {
          if (kind(q) === 'Lit') out += (q.Value as string).replace(/\\([$`"\\\n])/g, (_m, c: string) => (c === '\n' ? '' : c))
          else known = false
        }
      } else known = false // an expansion: the walk notes which
    })
    return known ? out : null
  }

  stmts(list: readonly Node[]): void {
    if (list.length < 2) return
    const semi = n$(list[0]?.Semicolon)
    this.use('sequence', (semi.lineCol as number) > 0 ? offset(semi) : offset(n$(list[1]?.Position)), '";" or a new line')
  }

  stmt(s: Node): void {
    if (s.Negated === true) this.use('negation', offset(s.Position), '"!"')
    if (s.Background === true) this.use('background', offset(s.Position), '"&"')
    if (s.Coprocess === true) this.use('compound', offset(s.Position), 'a coprocess')
    const redirects = items(s.Redirs).map((r) => this.redirect(r))
    const cmd = n$(s.Cmd)
    if (kind(cmd) === 'CallExpr') {
      const assigns = items(cmd.Assigns).map((a) => {
        const name = (n$(a.Name).Value as string | undefined) ?? ''
        this.use('assignment', offset(n$(a.Name).ValuePos), `the assignment ${name}=`)
        return { name, value: kind(a.Value) === 'Word' ? this.word(n$(a.Value)) : kind(a.Array) === undefined ? '' : null }
      })
      this.commands.push({ words: items(cmd.Args).map((w) => this.word(w)), redirects, assigns })
    } else if (redirects.length > 0) {
      this.commands.push({ words: [], redirects, assigns: [] })
    }
  }

  redirect(r: Node): RawRedirect {
    const op = REDIRECT_OPS.get(r.Op as number) ?? '?'
    if (op.startsWith('<<')) this.use('heredoc', offset(r.OpPos), op === '<<<' ? 'a here-string' : 'a here-document')
    else this.use('redirect', offset(r.OpPos), `the redirection ${op}`)
    const fd = kind(r.N) === 'Lit' ? (n$(r.N).Value as string) : null
    return { op, fd, target: op === '<<' || op === '<<-' ? null : this.word(n$(r.Word)) }
  }

  visit(t: string, n: Node): void {
    if (t === 'Subshell' || t === 'Block' || t === 'CmdSubst' || t === 'ProcSubst') this.stmts(items(n.Stmts))
    if (t === 'Stmt') this.stmt(n)
    else if (t === 'BinaryCmd') {
      const b = BINARY_OPS.get(n.Op as number) ?? { op: '?', cs: ['compound'] as const }
      for (const c of b.cs) this.use(c, offset(n.OpPos), `"${b.op}"`)
    }
    const c = COMMAND_CONSTRUCT[t] ?? PART_CONSTRUCT[t]
    if (c !== undefined) this.use(c, firstOffset(n), t === 'ParamExp' ? `$${(n$(n.Param).Value as string | undefined) ?? ''}` : (WHAT[t] ?? t))
  }
}

/** The first position a node records (its fields are declared in source order). */
function firstOffset(n: Node): number {
  for (const k of Object.keys(n)) {
    const v = n[k]
    if (kind(v) === 'Pos') return offset(v)
  }
  return 0
}

const WHAT: Readonly<Record<string, string>> = {
  Subshell: 'a subshell ( … )', Block: 'a group { …; }', FuncDecl: 'a function definition', DeclClause: 'a declaration (export, local, declare …)',
  LetClause: 'let', ArithmCmd: '(( … ))', IfClause: 'if', WhileClause: 'while or until', ForClause: 'for', CaseClause: 'case',
  TestClause: '[[ … ]]', TimeClause: 'time', CoprocClause: 'coproc', TestDecl: 'a test declaration', CmdSubst: 'a command substitution',
  ArithmExp: '$(( … ))', ProcSubst: 'a process substitution', ExtGlob: 'an extended glob',
}

/** Reads `src` in one dialect; a parse error is data, not a throw. */
export function readShell(src: string, dialect: 'bash' | 'posix'): ShellReading {
  let file: Node
  try {
    file = shellParsers().parse(src, dialect)
  } catch (e) {
    return { ok: false, error: parseError(e) }
  }
  const r = new Reader(src)
  const hidden = HIDDEN.exec(src)
  if (hidden !== null) r.used.set('hidden-characters', `U+${(hidden[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')} at offset ${hidden.index}`)
  r.stmts(items(file.Stmts))
  walk(file, (t, n) => r.visit(t, n))
  return { ok: true, commands: r.commands, used: r.used }
}
