/** @module cli/guard-config: `verbatim guard config schema|check`, the guard's counterpart of `verbatim config`. */
import { executedLogName, guardConfigJsonSchema, guardPreflight, readGuardConfigFile } from '../guard/index.js'
import type { CommandSpec } from './command.js'
import { configCommands } from './config.js'

export const guardConfigSpec: CommandSpec = configCommands({
  command: 'verbatim guard config',
  summary: 'Prints the guard.yaml JSON Schema, or validates a guard config. verbatim guard config <subcommand> --help for more.',
  schemaDoc: 'Prints the JSON Schema of guard.yaml (every field: docs/guard-config.md).',
  checkDoc: [
    'Checks a guard config as `verbatim guard` does before it listens: FILE, else $VERBATIM_GUARD_CONFIG, else',
    './guard.yaml, with the profile ($VERBATIM_PROFILE) and VERBATIM_GUARD_… overrides applied; then the guard\'s',
    'key, the gate\'s key set file, the path-check roots, the approvers\' trust file and the executed log\'s',
    'directory. Prints "ok", the overrides applied and the executed log\'s name (exit 0), or each fault as',
    'file:line:col: message (exit 2).',
    'Not checked: the listen address, the executor and the replay store (the guard\'s /readyz reports them).',
  ],
  jsonSchema: guardConfigJsonSchema,
  defaultFile: (io) => io.env.VERBATIM_GUARD_CONFIG ?? 'guard.yaml',
  check: async (file, io) => {
    const { config, overrides, at } = await readGuardConfigFile(file, io.env)
    await guardPreflight(config, at)
    return { overrides, lines: [...overrides.map((o) => `override ${o}`), `executed log: ${config.audit.dir}/${executedLogName(config)}-*.jsonl`] }
  },
})
