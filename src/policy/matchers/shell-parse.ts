/**
 * @module policy/matchers/shell-parse: a command string, read by mvdan/sh (the GopherJS build of the
 * Go parser behind shfmt), as the simple commands it runs and the constructs it uses.
 */
import { createRequire } from 'node:module'

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

/* eslint-disable @typescript-eslint/no-explicit-any -- GopherJS objects carry no types */
type Node = any
interface MvdanSh { syntax: { NewParser(...o: unknown[]): { Parse(src: string, name: string): Node }; Variant(v: unknown): unknown; LangBash: unknown; LangPOSIX: unknown; NodeType(n: Node): string; Walk(n: Node, f: (n: Node) => boolean): void; SplitBraces(w: Node): Node } }
type Parser = { Parse(src: string, name: string): Node }
interface Loaded {
  syntax: MvdanSh['syntax']
  parsers: { bash: Parser; posix: Parser }
  redirectOps: Map<number, string>
  binaryOps: Map<number, { op: string; cs: readonly Construct[] }>
}
let loaded: Loaded | undefined

/** mvdan-sh, loaded on first use (about 50 ms), so that a policy without shell conditions never pays for it. */
function load(): Loaded {
  if (loaded !== undefined) return loaded
  const { syntax: sx } = createRequire(import.meta.url)('mvdan-sh') as MvdanSh
  const parsers = { bash: sx.NewParser(sx.Variant(sx.LangBash)), posix: sx.NewParser(sx.Variant(sx.LangPOSIX)) }
  // Operator codes differ between mvdan/sh releases, so they are read from the parser itself.
  const redirectOps = new Map<number, string>()
  for (const op of ['>', '>>', '<', '<>', '<&', '>&', '>|', '<<<', '&>', '&>>', '<<', '<<-']) {
    const src = op.startsWith('<<') && op !== '<<<' ? `: ${op}E\nx\nE\n` : `: ${op} f`
    redirectOps.set(parsers.bash.Parse(src, '').Stmts[0].Redirs[0].Op as number, op)
  }
  const binaryOps = new Map<number, { op: string; cs: readonly Construct[] }>()
  for (const [op, cs] of [['&&', ['and']], ['||', ['or']], ['|', ['pipe']], ['|&', ['pipe', 'redirect']]] as const) {
    binaryOps.set(parsers.bash.Parse(`a ${op} b`, '').Stmts[0].Cmd.Op as number, { op, cs })
  }
  loaded = { syntax: sx, parsers, redirectOps, binaryOps }
  return loaded
}

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
  constructor(private readonly m: Loaded) {}
  readonly used = new Map<Construct, string>()
  readonly commands: RawCommand[] = []
  /** Words with an unquoted "{", split for brace expansion after the walk (SplitBraces rewrites the tree). */
  readonly braces: { w: Node; p: Node }[] = []

  use(c: Construct, n: Node, what: string): void {
    if (!this.used.has(c)) this.used.set(c, `${what} at ${n.Pos().Line()}:${n.Pos().Col()}`)
  }

  /** A word after quote removal, or null when an expansion decides it. Unquoted globs, braces and tildes are noted. */
  word(w: Node): string | null {
    let out = ''
    let known = true
    const parts = w.Parts as Node[]
    parts.forEach((p: Node, i: number) => {
      const t = this.m.syntax.NodeType(p)
      if (t === 'Lit') out += this.unquoted(p, i === 0, w)
      else if (t === 'SglQuoted') {
        if (p.Dollar) { this.use('dollar-quote', p, "$'…'"); known = false } else out += p.Value
      } else if (t === 'DblQuoted') {
        if (p.Dollar) { this.use('dollar-quote', p, '$"…"'); known = false }
        for (const q of p.Parts as Node[]) {
          if (this.m.syntax.NodeType(q) === 'Lit') out += (q.Value as string).replace(/\\([$`"\\\n])/g, (_m, c: string) => (c === '\n' ? '' : c))
          else known = false
        }
      } else known = false // an expansion: the walk notes which
    })
    return known ? out : null
  }

  /** Unquoted text: backslash escapes removed; `* ? [` globs, a leading `~` (or one after = or :) and {a,b} braces noted. */
  private unquoted(p: Node, first: boolean, w: Node): string {
    const v = p.Value as string
    let out = ''
    for (let i = 0; i < v.length; i++) {
      const c = v[i] as string
      if (c === '\\') { if (v[i + 1] !== '\n') out += v[i + 1] ?? ''; i++; continue }
      if (c === '*' || c === '?' || c === '[') this.use('glob', p, `the pattern ${JSON.stringify(v)}`)
      if (c === '~' && ((first && i === 0) || v[i - 1] === '=' || v[i - 1] === ':')) this.use('tilde', p, `"~" in ${JSON.stringify(v)}`)
      out += c
    }
    if (v.includes('{')) this.braces.push({ w, p })
    return out
  }

  stmts(list: Node[]): void {
    if (list.length < 2) return
    const semi = list[0].Semicolon
    this.use('sequence', semi !== undefined && semi.Line() > 0 ? { Pos: () => semi } : list[1], '";" or a new line')
  }

  stmt(s: Node): void {
    if (s.Negated) this.use('negation', s, '"!"')
    if (s.Background) this.use('background', s, '"&"')
    if (s.Coprocess) this.use('compound', s, 'a coprocess')
    const redirects = (s.Redirs as Node[]).map((r: Node) => this.redirect(r))
    const cmd = s.Cmd
    if (cmd !== null && cmd !== undefined && this.m.syntax.NodeType(cmd) === 'CallExpr') {
      const assigns = (cmd.Assigns as Node[]).map((a: Node) => {
        this.use('assignment', a, `the assignment ${a.Name?.Value as string}=`)
        return { name: (a.Name?.Value as string) ?? '', value: a.Value === null || a.Value === undefined ? '' : this.word(a.Value) }
      })
      const words = (cmd.Args as Node[]).map((w: Node) => this.word(w))
      this.commands.push({ words, redirects, assigns })
    } else if (redirects.length > 0) {
      this.commands.push({ words: [], redirects, assigns: [] })
    }
  }

  redirect(r: Node): RawRedirect {
    const op = this.m.redirectOps.get(r.Op as number) ?? '?'
    if (op.startsWith('<<')) this.use('heredoc', r, op === '<<<' ? 'a here-string' : 'a here-document')
    else this.use('redirect', r, `the redirection ${op}`)
    return { op, fd: r.N === null || r.N === undefined ? null : (r.N.Value as string), target: op === '<<' || op === '<<-' ? null : this.word(r.Word) }
  }

  visit(n: Node): boolean {
    if (n === null || n === undefined) return true
    const t = this.m.syntax.NodeType(n)
    if (t === 'File' || t === 'Subshell' || t === 'Block' || t === 'CmdSubst' || t === 'ProcSubst') this.stmts(n.Stmts as Node[])
    if (t === 'Stmt') this.stmt(n)
    else if (t === 'BinaryCmd') {
      const b = this.m.binaryOps.get(n.Op as number) ?? { op: '?', cs: ['compound'] as const }
      for (const c of b.cs) this.use(c, { Pos: () => n.OpPos }, `"${b.op}"`)
    }
    const c = COMMAND_CONSTRUCT[t] ?? PART_CONSTRUCT[t]
    if (c !== undefined) this.use(c, n, t === 'ParamExp' ? `$${(n.Param?.Value as string) ?? ''}` : (WHAT[t] ?? t))
    return true
  }
}

const WHAT: Readonly<Record<string, string>> = {
  Subshell: 'a subshell ( … )', Block: 'a group { …; }', FuncDecl: 'a function definition', DeclClause: 'a declaration (export, local, declare …)',
  LetClause: 'let', ArithmCmd: '(( … ))', IfClause: 'if', WhileClause: 'while or until', ForClause: 'for', CaseClause: 'case',
  TestClause: '[[ … ]]', TimeClause: 'time', CoprocClause: 'coproc', TestDecl: 'a test declaration', CmdSubst: 'a command substitution',
  ArithmExp: '$(( … ))', ProcSubst: 'a process substitution', ExtGlob: 'an extended glob',
}

/** Reads `src` in one dialect; a parse error is data, not a throw. */
export function readShell(src: string, dialect: 'bash' | 'posix'): ShellReading {
  const m = load()
  let file: Node
  try {
    file = m.parsers[dialect].Parse(src, '')
  } catch (e) {
    const msg = typeof (e as Node)?.Error === 'function' ? String((e as Node).Error()) : String(e)
    return { ok: false, error: msg }
  }
  const r = new Reader(m)
  const hidden = HIDDEN.exec(src)
  if (hidden !== null) r.used.set('hidden-characters', `U+${(hidden[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')} at offset ${hidden.index}`)
  m.syntax.Walk(file, (n: Node) => r.visit(n))
  for (const { w, p } of r.braces) {
    if ((m.syntax.SplitBraces(w).Parts as Node[]).some((x: Node) => m.syntax.NodeType(x) === 'BraceExp')) r.use('brace', p, `the brace expansion in ${JSON.stringify(p.Value)}`)
  }
  return { ok: true, commands: r.commands, used: r.used }
}
