/** @module cli/serve: `verbatim serve [--config FILE]` runs the gate until SIGINT/SIGTERM. */
import { loadConfig } from '../config/index.js'
import { isVerbatimError } from '../errors/index.js'
import { startGate } from '../gate/index.js'
import { parseFlags } from './args.js'
import type { CliIO } from './io.js'

const USAGE = 'verbatim serve [--config FILE]'

export async function serveCommand(args: string[], io: CliIO): Promise<number> {
  const flags = parseFlags(args, { config: { type: 'string', short: 'c' } }, io, USAGE)
  if (!flags) return 2
  const file = flags.values.config ?? io.env.VERBATIM_CONFIG ?? 'verbatim.yaml'
  const log = (line: string): void => void io.stderr.write(`${line}\n`)
  try {
    const { config, overrides } = await loadConfig(file, io.env)
    for (const o of overrides) log(`verbatim: override ${o}`)
    const gate = await startGate(config, { env: io.env, log })
    log(`verbatim gate: listening on ${gate.url} (key ${gate.deps.signingKey.kid}, policy ${gate.deps.policy().digest}, audit ${config.audit.dir})`)
    await waitForSignal()
    log('verbatim gate: stopping')
    await gate.close()
    return 0
  } catch (err) {
    log(isVerbatimError(err) ? `${err.code}: ${err.message}` : `verbatim: ${(err as Error).stack ?? String(err)}`)
    return 1
  }
}

/** Resolves on the first SIGINT or SIGTERM. */
export function waitForSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (sig: NodeJS.Signals): void => {
      process.off('SIGINT', on)
      process.off('SIGTERM', on)
      resolve(sig)
    }
    process.on('SIGINT', on)
    process.on('SIGTERM', on)
  })
}
