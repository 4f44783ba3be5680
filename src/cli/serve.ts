/** @module cli/serve: `verbatim serve [--config FILE]` runs the gate until SIGINT/SIGTERM. */
import { loadConfig } from '../config/index.js'
import { isVerbatimError } from '../errors/index.js'
import { startGate } from '../gate/index.js'
import { parseFlags } from './args.js'
import type { CommandSpec } from './command.js'
import { usageText } from './command.js'
import type { CliIO } from './io.js'

const USAGE = usageText('verbatim serve', '[--config FILE]',
  'Runs the gate until SIGINT or SIGTERM. The config is FILE, else $VERBATIM_CONFIG, else ./verbatim.yaml;',
  'VERBATIM_… variables override its fields (docs/config.md). Logs go to stderr. SIGHUP reads the config',
  'again and switches to its signing key and previous keys without a restart (key rotation: docs/deploy.md).',
  '',
  'options:',
  '  -c, --config FILE   the gate\'s verbatim.yaml',
)

export async function serveCommand(args: string[], io: CliIO): Promise<number> {
  const flags = parseFlags(args, { config: { type: 'string', short: 'c' } }, io, USAGE)
  if (!flags) return 2
  const file = flags.values.config ?? io.env.VERBATIM_CONFIG ?? 'verbatim.yaml'
  const log = (line: string): void => void io.stderr.write(`${line}\n`)
  const stop = waitForSignal()
  let onHup: (() => void) | undefined
  try {
    const { config, overrides } = await loadConfig(file, io.env)
    for (const o of overrides) log(`verbatim: override ${o}`)
    const gate = await startGate(config, { env: io.env, log })
    // Rotation: the config is read again and only its signing section is applied.
    onHup = () => {
      loadConfig(file, io.env).then((c) => gate.reloadSigning(c.config.signing)).then(
        (kid) => log(`verbatim gate: signing with key ${kid} (SIGHUP); published: ${gate.deps.publicKeys.map((k) => String(k.kid)).join(', ')}`),
        (err: unknown) => log(`verbatim gate: reload FAILED, still signing with key ${gate.deps.signingKey.kid}: ${isVerbatimError(err) ? `${err.code}: ` : ''}${(err as Error).message}`),
      )
    }
    process.on('SIGHUP', onHup)
    log(`verbatim gate: listening on ${gate.url} (key ${gate.deps.signingKey.kid}, policy ${gate.deps.policy().digest}, audit ${config.audit.dir})`)
    await stop.signal
    log('verbatim gate: stopping')
    await gate.close()
    return 0
  } catch (err) {
    log(isVerbatimError(err) ? `${err.code}: ${err.message}` : `verbatim: ${(err as Error).stack ?? String(err)}`)
    return 1
  } finally {
    if (onHup !== undefined) process.off('SIGHUP', onHup)
    stop.dispose()
  }
}

export const serveSpec: CommandSpec = { name: 'verbatim serve', usage: USAGE, run: serveCommand }

export interface SignalWait {
  /** Resolves on the first SIGINT or SIGTERM. */
  signal: Promise<NodeJS.Signals>
  dispose(): void
}

/**
 * Installs SIGINT/SIGTERM handlers now. Call it before starting anything: a signal that arrives
 * between "listening" and the handler would otherwise kill the process without a clean stop.
 */
export function waitForSignal(): SignalWait {
  let on: (sig: NodeJS.Signals) => void = () => undefined
  const dispose = (): void => {
    process.off('SIGINT', on)
    process.off('SIGTERM', on)
  }
  const signal = new Promise<NodeJS.Signals>((resolve) => {
    on = (sig) => {
      dispose()
      resolve(sig)
    }
    process.on('SIGINT', on)
    process.on('SIGTERM', on)
  })
  return { signal, dispose }
}
