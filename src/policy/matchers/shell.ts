/** @module policy/matchers/shell: a command string as the simple commands a shell runs, each tested as argv, flags, operands and paths. */
import type { Check, CompileFn, FaultSink, Leaf, Outcome } from '../check.js'
import { show } from '../check.js'
import type { JsonValue } from '../json.js'
import { pointerTokens, resolvePointer } from '../json.js'
import type { Path } from '../source.js'
import type { Construct } from './shell-constructs.js'
import type { RawCommand, ShellReading } from './shell-parse.js'
import { readShell } from './shell-parse.js'
import { isCanonicalAbsolutePath, resolveRelative } from './paths.js'
import type { Condition } from '../schema.js'

export interface ShellSpec {
  readonly cwd?: string | undefined
  readonly allow?: readonly Construct[] | undefined
  readonly each?: Condition | undefined
  readonly some?: Condition | undefined
}

// POSIX.1-2017 §2.14 special built-ins, bash's other built-ins, and reserved words: found before PATH.
const BUILTINS = new Set(('. : [ [[ ]] { } ! alias bg bind break builtin caller case cd command compgen complete compopt continue coproc declare dirs disown do done echo elif else enable esac ' +
  'eval exec exit export false fc fg fi for function getopts hash help history if in jobs kill let local logout mapfile popd printf pushd pwd read readarray readonly return select set shift ' +
  'shopt source suspend test then time times trap true type typeset ulimit umask unalias unset until wait while').split(' '))

/** Both readings of the last string: a rule often has several shell conditions on one value. */
let last: { src: string; bash: ShellReading; posix: ShellReading } | undefined

function readBoth(src: string): { bash: ShellReading; posix: ShellReading } {
  if (last?.src !== src) last = { src, bash: readShell(src, 'bash'), posix: readShell(src, 'posix') }
  return last
}

/** The commands, or why the string has no one reading that this rule accepts. */
function commandsOf(src: string, allowed: ReadonlySet<Construct>): { commands: readonly RawCommand[] } | { refused: string } {
  const { bash, posix } = readBoth(src)
  if (!bash.ok && !posix.ok) return { refused: `not a command a shell can parse: ${bash.error}` }
  for (const r of [bash, posix]) {
    if (!r.ok) continue
    for (const [c, where] of r.used) if (!allowed.has(c)) return { refused: `${where}: the rule does not allow ${c} (${WHY[c]})` }
  }
  if (!bash.ok) return { refused: `bash cannot parse it (${bash.error}), a POSIX sh can: it has no one meaning` }
  if (!posix.ok) return { refused: `a POSIX sh cannot parse it (${posix.error}), bash can: it has no one meaning` }
  if (JSON.stringify(bash.commands) !== JSON.stringify(posix.commands)) return { refused: 'bash and a POSIX sh read it as different commands' }
  return { commands: bash.commands }
}

const WHY: Readonly<Record<Construct, string>> = {
  sequence: 'it runs another command', and: 'it runs another command', or: 'it runs another command', pipe: 'it runs another command',
  background: 'it runs on after the call', negation: 'it changes the exit status', subshell: 'it groups commands', group: 'it groups commands',
  redirect: 'it opens a file', heredoc: 'it feeds input the rule cannot see', assignment: 'it changes the environment of the command',
  declaration: 'it changes the environment', function: 'it defines a command', compound: 'its commands depend on conditions',
  parameter: 'its value comes from the environment', 'command-substitution': 'its value is another command\'s output',
  arithmetic: 'its value is computed at run time', 'process-substitution': 'it runs another command', glob: 'its files depend on the file system',
  brace: 'it expands to several words', tilde: 'its value is a home folder', 'dollar-quote': 'bash and sh read it differently',
  'hidden-characters': 'a reader does not see what the shell runs',
}

/** One simple command as conditions see it (docs/policy.md, "shell"), and why each word that has no path has none. */
function viewOf(c: RawCommand, cwd: string | undefined): { view: JsonValue; nopath: string[] } {
  const [name = null, ...args] = c.words
  const nopath: string[] = []
  const path = (w: string | null): string | null => {
    if (w === null) { nopath.push('a word an expansion decides has no path'); return null }
    const r = w.startsWith('/') || cwd === undefined ? (w.startsWith('/') ? resolveRelative('/', w) : { problem: `${show(w)} is relative, and the rule names no cwd` }) : resolveRelative(cwd, w)
    if ('path' in r) return r.path
    nopath.push(r.problem)
    return null
  }
  const flags: (string | null)[] = []
  const operands: (string | null)[] = []
  let options = true
  for (const a of args) {
    if (options && a === '--') { options = false; continue }
    // An unknown word may be either: it is in both lists, as null.
    if (a === null) { if (options) flags.push(null); operands.push(null); continue }
    if (options && a.startsWith('-') && a !== '-') flags.push(a)
    else operands.push(a)
  }
  const view = {
    name,
    program: name === null ? null : name.includes('/') ? path(name) : name,
    builtin: name !== null && !name.includes('/') && BUILTINS.has(name),
    argv: c.words as JsonValue[],
    args: args as JsonValue[],
    flags,
    operands,
    paths: operands.map(path),
    redirects: c.redirects.map((r) => ({ op: r.op, fd: r.fd, target: r.target, path: r.op.endsWith('&') ? null : path(r.target) })),
    assigns: c.assigns.map((a) => ({ name: a.name, value: a.value })),
  }
  return { view, nopath }
}

/** The `shell` operator: holds when the string has one reading the rule accepts and its commands meet `each` and `some`. */
export function shellLeaf(spec: ShellSpec, path: Path, sink: FaultSink, compile: CompileFn): Leaf {
  const allowed = new Set(spec.allow ?? [])
  const cwdTokens = spec.cwd === undefined ? undefined : pointerTokens(spec.cwd)
  const each: Check | undefined = spec.each === undefined ? undefined : compile(spec.each, [...path, 'each'], sink)
  const some: Check | undefined = spec.some === undefined ? undefined : compile(spec.some, [...path, 'some'], sink)
  const cwdOf = (root: JsonValue | undefined): { cwd?: string; problem?: string } => {
    if (cwdTokens === undefined) return {}
    const v = resolvePointer(root, cwdTokens)
    if (typeof v === 'string' && isCanonicalAbsolutePath(v)) return { cwd: v }
    return { problem: `the working directory at ${spec.cwd ?? ''} is ${v === undefined ? 'missing' : JSON.stringify(v)}, not a canonical absolute path` }
  }
  const run = (v: JsonValue, root: JsonValue | undefined): { outcome: Outcome; why: string } => {
    const got = commandsOf(v as string, allowed)
    if ('refused' in got) return { outcome: 'refused', why: got.refused }
    const { cwd, problem } = cwdOf(root)
    if (problem !== undefined) return { outcome: 'failed', why: problem }
    const read = got.commands.map((c) => viewOf(c, cwd))
    const views = read.map((r) => r.view)
    const label = (i: number): string => `command ${i + 1} (${JSON.stringify((views[i] as { name: JsonValue }).name)})`
    // A null path explains itself: the operand it came from, and why it has no path.
    const because = (i: number): string => (read[i]?.nopath.length === 0 ? '' : ` (a null path: ${read[i]?.nopath[0] ?? ''})`)
    let refused: string | undefined
    if (each !== undefined) {
      for (let i = 0; i < views.length; i++) {
        const o = each.test(views[i], root)
        if (o === 'failed') return { outcome: 'failed', why: `${label(i)}: ${each.why(views[i], root)}${because(i)}` }
        if (o === 'refused') refused ??= `${label(i)}: ${each.why(views[i], root)}`
      }
    }
    if (some !== undefined) {
      const os = views.map((view) => some.test(view, root))
      const i = os.indexOf('held')
      if (i === -1) {
        const j = os.indexOf('refused')
        if (j === -1) return { outcome: 'failed', why: `no command meets the condition: ${views.length === 0 ? 'there is none' : some.why(views[0], root)}` }
        refused ??= `${label(j)}: ${some.why(views[j], root)}`
      }
    }
    if (refused !== undefined) return { outcome: 'refused', why: refused }
    const names = views.map((x) => (x as { name: JsonValue }).name).join(', ')
    return { outcome: 'held', why: `${views.length} ${views.length === 1 ? 'command' : 'commands'} (${names}), conditions held` }
  }
  return {
    need: 'string',
    text: 'is a shell command the rule accepts',
    test: (v, root) => run(v, root).outcome,
    whyNot: (v, root) => `${show(v)}: ${run(v, root).why}`,
    whyHeld: (v, root) => `${show(v)}: ${run(v, root).why}`,
  }
}
