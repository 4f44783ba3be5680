/** @module cli/config: `verbatim config schema|check`, and the same pair for any config file (guard.yaml: cli/guard-config). */
import { configJsonSchema, loadConfig } from '../config/index.js'
import { preflight } from '../gate/index.js'
import { reportFailure } from './faults.js'
import type { CommandSpec } from './command.js'
import { usageText } from './command.js'
import type { CliIO } from './io.js'

/** What one config file's `schema|check` pair needs to know. */
export interface ConfigCommands {
  /** `verbatim config`, `verbatim guard config`. */
  command: string
  /** One line for the group's usage. */
  summary: string
  /** The schema subcommand's description. */
  schemaDoc: string
  /** The check subcommand's description, line by line. */
  checkDoc: string[]
  jsonSchema(): unknown
  /** The file when none is given ($VERBATIM_…CONFIG, else the default name). */
  defaultFile(io: CliIO): string
  /** Loads and validates; the overrides applied, any further lines to print after "ok", and warnings (stderr). */
  check(file: string, io: CliIO): Promise<{ overrides: string[]; lines: string[]; warnings?: string[] }>
}

/** The `schema` and `check [FILE]` subcommands of one config file. */
export function configCommands(c: ConfigCommands): CommandSpec {
  const schemaUsage = usageText(`${c.command} schema`, '', c.schemaDoc)
  const checkUsage = usageText(`${c.command} check`, '[FILE]', ...c.checkDoc)
  const schema = async (args: string[], io: CliIO): Promise<number> => {
    if (args.length > 0) {
      io.stderr.write(schemaUsage)
      return 2
    }
    io.stdout.write(`${JSON.stringify(c.jsonSchema(), null, 2)}\n`)
    return 0
  }
  const check = async (args: string[], io: CliIO): Promise<number> => {
    if (args.length > 1) {
      io.stderr.write(checkUsage)
      return 2
    }
    const file = args[0] ?? c.defaultFile(io)
    try {
      const { overrides, lines, warnings = [] } = await c.check(file, io)
      io.stdout.write(`ok${overrides.length ? ` (${overrides.length} environment overrides)` : ''}\n`)
      for (const l of lines) io.stdout.write(`${l}\n`)
      for (const w of warnings) io.stderr.write(`warning: ${w}\n`)
      return 0
    } catch (err) {
      return reportFailure(err, io, `${c.command} check: ${file}`)
    }
  }
  return {
    name: c.command,
    usage: usageText(c.command, ['schema', 'check [FILE]'], c.summary),
    subcommands: {
      schema: async () => ({ name: `${c.command} schema`, usage: schemaUsage, run: schema }),
      check: async () => ({ name: `${c.command} check`, usage: checkUsage, run: check }),
    },
  }
}

export const configSpec: CommandSpec = configCommands({
  command: 'verbatim config',
  summary: 'Prints the config JSON Schema, or validates a config. verbatim config <subcommand> --help for more.',
  schemaDoc: 'Prints the JSON Schema of verbatim.yaml (every field: docs/config.md).',
  checkDoc: [
    'Checks a gate config as `verbatim serve` does before it listens: FILE, else $VERBATIM_CONFIG, else',
    './verbatim.yaml, with VERBATIM_… overrides applied; then every token variable, the signing key and',
    'previous keys, each receipts key set, the policies, and the audit directory. Prints "ok" and the',
    'warnings the gate would log (exit 0), or each fault as file:line:col: message (exit 2). Not checked:',
    'the listen address, and the audit log\'s lock (a running gate holds it).',
  ],
  jsonSchema: configJsonSchema,
  defaultFile: (io) => io.env.VERBATIM_CONFIG ?? 'verbatim.yaml',
  check: async (file, io) => {
    const loaded = await loadConfig(file, io.env)
    const checked = await preflight(loaded.config, { env: io.env, at: loaded.at })
    checked.policies.close()
    return { overrides: loaded.overrides, lines: [], warnings: checked.warnings }
  },
})
