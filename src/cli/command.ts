/** @module cli/command: a command's name, usage and subcommands, so every level answers --help alike. */
import { didYouMean } from '../config/index.js'
import type { CliIO, Command } from './io.js'

/** A leaf runs; a group dispatches to subcommands, each loaded only when used. */
export interface CommandSpec {
  /** The full command, e.g. `verbatim audit verify`; the usage text starts with `usage: <name>`. */
  readonly name: string
  /** Printed to stdout for `--help` or `-h` (exit 0), and to stderr on a usage error (exit 2). */
  readonly usage: string
  readonly run?: Command
  readonly subcommands?: Readonly<Record<string, () => Promise<CommandSpec>>>
}

const HELP = new Set(['--help', '-h'])

/** True when `--help` or `-h` comes before any `--` (what follows `--` belongs to another program). */
export function wantsHelp(args: readonly string[]): boolean {
  for (const a of args) {
    if (a === '--') return false
    if (HELP.has(a)) return true
  }
  return false
}

/**
 * Runs a command: a subcommand named by the first argument, else help, else the leaf itself. A leaf
 * may have subcommands too (`verbatim guard config schema` beside `verbatim guard --config …`).
 */
export async function runCommand(spec: CommandSpec, args: string[], io: CliIO): Promise<number> {
  const [sub, ...rest] = args
  const load = spec.subcommands !== undefined && sub !== undefined && Object.hasOwn(spec.subcommands, sub) ? spec.subcommands[sub] : undefined
  if (load !== undefined) return runCommand(await load(), rest, io)
  if (spec.run !== undefined) return wantsHelp(args) ? help(spec, io) : spec.run(args, io)
  if (spec.subcommands === undefined) throw new Error(`${spec.name}: a command needs run or subcommands`)
  if (wantsHelp(args)) return help(spec, io)
  if (sub === undefined) {
    io.stderr.write(spec.usage)
    return 2
  }
  io.stderr.write(`${spec.name}: unknown subcommand '${sub}'${didYouMean(sub, Object.keys(spec.subcommands))}\n${spec.usage}`)
  return 2
}

function help(spec: CommandSpec, io: CliIO): number {
  io.stdout.write(spec.usage)
  return 0
}

/** Usage text from lines: `usage: <name> <synopsis>`, then the rest, ending in a newline. */
export function usageText(name: string, synopsis: string | readonly string[], ...body: string[]): string {
  const syn = typeof synopsis === 'string' ? [synopsis] : synopsis
  const head = syn.map((s, i) => `${i === 0 ? 'usage:' : '      '} ${name}${s === '' ? '' : ` ${s}`}`)
  return [...head, ...(body.length > 0 ? ['', ...body] : []), ''].join('\n')
}
