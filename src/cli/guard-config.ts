/** @module cli/guard-config: `verbatim guard config schema|check`, the guard's counterpart of `verbatim config`. */
import { isVerbatimError } from '../errors/index.js'
import { executedLogName, guardConfigJsonSchema, readGuardConfigFile } from '../guard/index.js'
import type { CommandSpec } from './command.js'
import { usageText } from './command.js'
import type { CliIO } from './io.js'

const SCHEMA_USAGE = usageText('verbatim guard config schema', '', 'Prints the JSON Schema of guard.yaml (every field: docs/guard-config.md).')

const CHECK_USAGE = usageText('verbatim guard config check', '[FILE]',
  'Validates a guard config: FILE, else $VERBATIM_GUARD_CONFIG, else ./guard.yaml, with the profile',
  '($VERBATIM_PROFILE) and VERBATIM_GUARD_… overrides applied. Prints "ok", the overrides applied and the',
  'executed log\'s name (exit 0), or each fault (exit 1).',
)

async function schema(args: string[], io: CliIO): Promise<number> {
  if (args.length > 0) {
    io.stderr.write(SCHEMA_USAGE)
    return 2
  }
  io.stdout.write(`${JSON.stringify(guardConfigJsonSchema(), null, 2)}\n`)
  return 0
}

async function check(args: string[], io: CliIO): Promise<number> {
  if (args.length > 1) {
    io.stderr.write(CHECK_USAGE)
    return 2
  }
  try {
    const { config, overrides } = await readGuardConfigFile(args[0] ?? io.env.VERBATIM_GUARD_CONFIG ?? 'guard.yaml', io.env)
    io.stdout.write(`ok${overrides.length ? ` (${overrides.length} environment overrides)` : ''}\n`)
    for (const o of overrides) io.stdout.write(`override ${o}\n`)
    io.stdout.write(`executed log: ${config.audit.dir}/${executedLogName(config)}-*.jsonl\n`)
    return 0
  } catch (err) {
    io.stderr.write(isVerbatimError(err) ? `${err.code}: ${err.message}\n` : `${String(err)}\n`)
    return 1
  }
}

export const guardConfigSpec: CommandSpec = {
  name: 'verbatim guard config',
  usage: usageText('verbatim guard config', ['schema', 'check [FILE]'],
    'Prints the guard.yaml JSON Schema, or validates a guard config. verbatim guard config <subcommand> --help for more.'),
  subcommands: {
    schema: async () => ({ name: 'verbatim guard config schema', usage: SCHEMA_USAGE, run: schema }),
    check: async () => ({ name: 'verbatim guard config check', usage: CHECK_USAGE, run: check }),
  },
}
