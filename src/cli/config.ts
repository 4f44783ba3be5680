/** @module cli/config: `verbatim config schema|check` */
import { configJsonSchema, loadConfig } from '../config/index.js'
import { isVerbatimError } from '../errors/index.js'
import type { CliIO } from './io.js'

export async function configCommand(args: string[], io: CliIO): Promise<number> {
  const [sub, file] = args
  if (sub === 'schema') {
    io.stdout.write(`${JSON.stringify(configJsonSchema(), null, 2)}\n`)
    return 0
  }
  if (sub === 'check') {
    try {
      const { overrides } = await loadConfig(file ?? io.env.VERBATIM_CONFIG ?? 'verbatim.yaml', io.env)
      io.stdout.write(`ok${overrides.length ? ` (${overrides.length} environment overrides)` : ''}\n`)
      return 0
    } catch (err) {
      io.stderr.write(isVerbatimError(err) ? `${err.code}: ${err.message}\n` : `${String(err)}\n`)
      return 1
    }
  }
  io.stderr.write('usage: verbatim config schema | verbatim config check [FILE]\n')
  return 2
}
