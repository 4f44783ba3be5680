/** @module cli/main: the `verbatim` command dispatcher; the only place that reads argv and exits. */
import type { CommandSpec } from './command.js'
import { readFile } from 'node:fs/promises'
import { didYouMean } from '../config/index.js'
import { runCommand } from './command.js'
import type { CliIO } from './io.js'
import { processIO } from './io.js'

export interface CommandEntry {
  /** One line of the top-level usage. */
  readonly summary: string
  readonly load: () => Promise<CommandSpec>
}

/** Each command lives in its own file and is loaded only when used. */
export const COMMANDS: Readonly<Record<string, CommandEntry>> = {
  canonical: { summary: 'canonical [FILE|-]          print the RFC 8785 bytes the gate would evaluate', load: async () => (await import('./canonical.js')).canonicalSpec },
  keys: { summary: 'keys generate --dir DIR      write an Ed25519 signing key (PKCS#8 PEM, 0600), its public JWK, and add it to DIR/jwks.json', load: async () => (await import('./keys.js')).keysSpec },
  serve: { summary: 'serve [--config FILE] [--workers N] [--log-level L]  run the gate', load: async () => (await import('./serve.js')).serveSpec },
  guard: { summary: 'guard --config FILE | … -- CMD  run the standalone guard in front of an executor; guard config schema|check', load: async () => (await import('./guard.js')).guardSpec },
  config: { summary: 'config schema|check [FILE]  print the config JSON Schema, or validate a config', load: async () => (await import('./config.js')).configSpec },
  demo: { summary: 'demo                        run the gate, a guarded example executor and print curl commands', load: async () => (await import('./demo.js')).demoSpec },
  policy: { summary: 'policy check|test|explain|schema  check, test and explain policy files; print their JSON Schema', load: async () => (await import('./policy.js')).policySpec },
  audit: { summary: 'audit verify|reconcile|tail|export|explain|report   check, reconcile, view, explain and report audit logs', load: async () => (await import('./audit.js')).auditSpec },
  approvers: { summary: 'approvers invite|list|export  enrolment links for approvers, their passkeys, the trust file guards read', load: async () => (await import('./approvers.js')).approversSpec },
  'mcp-bridge': { summary: 'mcp-bridge --gate URL --server NAME  stdio MCP for a desktop client, Streamable HTTP to the gate', load: async () => (await import('./mcp-bridge.js')).mcpBridgeSpec },
  docs: { summary: 'docs generate|check         regenerate or check generated docs', load: async () => (await import('./docs.js')).docsSpec },
}

function usage(): string {
  return [
    'usage: verbatim <command> [args]',
    '       verbatim --version',
    '',
    ...Object.values(COMMANDS).map((c) => `  verbatim ${c.summary}`),
    '',
    'verbatim <command> --help prints the usage of a command or subcommand.',
    '',
  ].join('\n')
}

export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  const [name, ...rest] = argv
  if (name === undefined) {
    io.stderr.write(usage())
    return 2
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(usage())
    return 0
  }
  if (name === '--version' || name === '-V' || name === 'version') {
    io.stdout.write(`verbatim ${await packageVersion()}\n`)
    return 0
  }
  const cmd = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined
  if (cmd === undefined) {
    const what = name.startsWith('-') ? 'option' : 'command'
    io.stderr.write(`verbatim: unknown ${what} '${name}'${didYouMean(name, [...Object.keys(COMMANDS), '--help', '--version'])}\n\n${usage()}`)
    return 2
  }
  return runCommand(await cmd.load(), rest, io)
}

/** The package's version, from the package.json above this file (src/cli or dist/src/cli). */
export async function packageVersion(): Promise<string> {
  for (const up of ['../../package.json', '../../../package.json']) {
    const text = await readFile(new URL(up, import.meta.url), 'utf8').catch(() => undefined)
    const pkg = text === undefined ? undefined : (JSON.parse(text) as { name?: string; version?: string })
    if (pkg?.name === 'verbatim-proxy' && typeof pkg.version === 'string') return pkg.version
  }
  return 'unknown'
}
