/** @module cli/main: the `verbatim` command dispatcher; the only place that reads argv and exits. */
import type { CliIO, Command } from './io.js'
import { processIO } from './io.js'

/** Each command lives in its own file and is loaded only when used. */
const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  canonical: { summary: 'canonical [FILE|-]          print the RFC 8785 bytes the gate would evaluate', load: async () => (await import('./canonical.js')).canonicalCommand },
  docs: { summary: 'docs generate|check         regenerate or check generated docs', load: async () => (await import('./docs.js')).docsCommand },
}

export function registerCommand(name: string, summary: string, load: () => Promise<Command>): void {
  COMMANDS[name] = { summary, load }
}

function usage(): string {
  return ['usage: verbatim <command> [args]', '', ...Object.values(COMMANDS).map((c) => `  verbatim ${c.summary}`), ''].join('\n')
}

export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  const [name, ...rest] = argv
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(usage())
    return name === undefined ? 2 : 0
  }
  const cmd = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined
  if (cmd === undefined) {
    io.stderr.write(`verbatim: unknown command '${name}'\n\n${usage()}`)
    return 2
  }
  return (await cmd.load())(rest, io)
}
