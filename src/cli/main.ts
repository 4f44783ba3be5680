/** @module cli/main: the `verbatim` command dispatcher; the only place that reads argv and exits. */
import type { CliIO, Command } from './io.js'
import { processIO } from './io.js'

/** Each command lives in its own file and is loaded only when used. */
const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  canonical: { summary: 'canonical [FILE|-]          print the RFC 8785 bytes the gate would evaluate', load: async () => (await import('./canonical.js')).canonicalCommand },
  keys: { summary: 'keys generate --dir DIR      write an Ed25519 signing key (PKCS#8 PEM, 0600) and its public JWK', load: async () => (await import('./keys.js')).keysCommand },
  serve: { summary: 'serve [--config FILE]       run the gate', load: async () => (await import('./serve.js')).serveCommand },
  guard: { summary: 'guard --config FILE | … -- CMD  run the standalone guard in front of an executor', load: async () => (await import('./guard.js')).guardCommand },
  config: { summary: 'config schema|check [FILE]  print the config JSON Schema, or validate a config', load: async () => (await import('./config.js')).configCommand },
  demo: { summary: 'demo                        run the gate, a guarded example executor and print curl commands', load: async () => (await import('./demo.js')).demoCommand },
  policy: { summary: 'policy check|test|explain|schema  check, test and explain policy files; print their JSON Schema', load: async () => (await import('./policy.js')).policyCommand },
  audit: { summary: 'audit verify|reconcile|tail|export   check, reconcile and view audit logs', load: async () => (await import('./audit.js')).auditCommand },
  docs: { summary: 'docs generate|check         regenerate or check generated docs', load: async () => (await import('./docs.js')).docsCommand },
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
