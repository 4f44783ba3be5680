/** @module cli/serve: `verbatim serve [--config FILE] [--workers N]` runs the gate until SIGINT/SIGTERM. */
import cluster from 'node:cluster'
import { configError, loadConfig } from '../config/index.js'
import { isVerbatimError } from '../errors/index.js'
import { startGate } from '../gate/index.js'
import { LOG_LEVELS, createLogs } from '../observe/index.js'
import type { LogLevel } from '../observe/index.js'
import { parseFlags } from './args.js'
import { faultsOf, reportFailure } from './faults.js'
import type { CommandSpec } from './command.js'
import { usageText } from './command.js'
import type { CliIO } from './io.js'
import { waitForSignal } from './signals.js'

const USAGE = usageText('verbatim serve', '[--config FILE] [--workers N] [--log-level LEVEL]',
  'Runs the gate until SIGINT or SIGTERM. The config is FILE, else $VERBATIM_CONFIG, else ./verbatim.yaml;',
  'VERBATIM_… variables override its fields (docs/config.md). Logs are JSON lines on stderr (pino):',
  'one per call (decision id, agent, tool, verdict, code, latencies) and the gate\'s own events.',
  'On SIGTERM readiness fails first, calls in flight finish, and the audit log is flushed and checkpointed.',
  'SIGHUP reads the config again and switches to its signing key and previous keys without a restart',
  '(key rotation: docs/deploy.md), and to its approvals.groups (docs/approvals.md); with --workers, the',
  'primary passes it to every worker.',
  '',
  'options:',
  '  -c, --config FILE     the gate\'s verbatim.yaml',
  '  --workers N           N processes on one port, each with its own audit log (gate.1 … gate.N) and',
  '                        lock, so the gate uses every core (default 1; with mcp.servers, only when',
  '                        mcp.sessions.store is redis)',
  `  --log-level LEVEL     ${LOG_LEVELS.join(', ')} (default info)`,
)

export async function serveCommand(args: string[], io: CliIO): Promise<number> {
  const flags = parseFlags(args, { config: { type: 'string', short: 'c' }, workers: { type: 'string' }, 'log-level': { type: 'string' } }, io, USAGE)
  if (!flags) return 2
  const level = (flags.values['log-level'] ?? io.env.VERBATIM_LOG_LEVEL ?? 'info') as LogLevel
  if (!LOG_LEVELS.includes(level)) {
    io.stderr.write(`--log-level must be one of ${LOG_LEVELS.join(', ')}\n${USAGE}`)
    return 2
  }
  const workers = Number(flags.values.workers ?? '1')
  if (!Number.isSafeInteger(workers) || workers < 1 || workers > 64) {
    io.stderr.write(`--workers must be an integer from 1 to 64\n${USAGE}`)
    return 2
  }
  const worker = cluster.isWorker ? process.env['VERBATIM_WORKER_ID'] : undefined
  const logs = createLogs({ name: worker === undefined ? 'verbatim-gate' : `verbatim-gate-${worker}`, level, destination: io.stderr })
  const log = logs.line
  const file = flags.values.config ?? io.env.VERBATIM_CONFIG ?? 'verbatim.yaml'
  const stop = waitForSignal()
  let onHup: (() => void) | undefined
  try {
    const { config, overrides, at } = await loadConfig(file, io.env)
    for (const o of overrides) log(`verbatim: override ${o}`)
    if (workers > 1 && config.mcp.servers.length > 0 && config.mcp.sessions.store === 'memory') {
      throw configError([at(['mcp', 'sessions', 'store'], '--workers above 1 serve mcp.servers only with a shared session store (mcp.sessions.store: { redis: URL }): in memory, a session lives in the one process that saw it initialized')])
    }
    if (workers > 1 && config.approvals !== undefined) {
      throw configError([at(['approvals'], '--workers above 1 cannot serve approvals: a call waiting for a person lives in the process that holds it, and the console has one port; run one worker')])
    }
    if (workers > 1 && cluster.isPrimary) return await supervise(workers, stop.signal, log)
    const warn = (line: string): void => logs.logger.warn(`verbatim gate: ${line}`)
    const gate = await startGate(config, { env: io.env, log, warn, at, callLog: logs.call, ...(worker === undefined ? {} : { auditProcess: `gate.${worker}` }) })
    // Rotation: the config is read again and its signing section is applied;
    // And its approver groups: someone removed stops counting at once (docs/approvals.md).
    onHup = () => {
      loadConfig(file, io.env).then((c) => {
        gate.reloadApprovals(c.config.approvals)
        return gate.reloadSigning(c.config.signing)
      }).then(
        (kid) => log(`verbatim gate: signing with key ${kid} (SIGHUP); published: ${gate.deps.publicKeys.map((k) => String(k.kid)).join(', ')}`),
        (err: unknown) => log(`verbatim gate: reload FAILED, still signing with key ${gate.deps.signingKey.kid}: ${isVerbatimError(err) ? `${err.code}: ` : ''}${(err as Error).message}`),
      )
    }
    process.on('SIGHUP', onHup)
    log(`verbatim gate: listening on ${gate.url} (key ${gate.deps.signingKey.kid}, policy ${gate.deps.policy().digest}, audit ${config.audit.dir})`)
    process.send?.({ verbatim: 'listening', url: gate.url })
    await stop.signal
    log('verbatim gate: stopping (readiness fails, calls in flight finish, the audit log is closed)')
    await gate.close()
    log('verbatim gate: stopped')
    // A worker's channel to the primary would keep it alive: let it go.
    if (cluster.isWorker) cluster.worker?.disconnect()
    return 0
  } catch (err) {
    // For a person: one fault a line. A log collector gets the same faults once more, as one structured line.
    const status = reportFailure(err, io, `verbatim serve: the gate did not start (${file})`)
    if ((io.stderr as { isTTY?: boolean }).isTTY !== true) logs.logger.fatal({ code: isVerbatimError(err) ? err.code : 'ERR_INTERNAL', faults: faultsOf(err) }, 'verbatim gate: not started')
    return status
  } finally {
    if (onHup !== undefined) process.off('SIGHUP', onHup)
    stop.dispose()
  }
}

/**
 * The primary of `--workers N`: forks N workers of this same command (each one its own gate with its
 * own audit log and lock, on the shared port), says listening once all are, restarts one that dies,
 * and on SIGINT or SIGTERM stops them all and exits 0 if each stopped cleanly.
 */
async function supervise(n: number, signal: Promise<NodeJS.Signals>, log: (line: string) => void): Promise<number> {
  let stopping = false
  let listening = 0
  let url = ''
  const exits: Array<Promise<number>> = []
  let failedStart: (() => void) | undefined
  const failed = new Promise<'failed'>((resolve) => (failedStart = () => resolve('failed')))
  const fork = (id: number): void => {
    const w = cluster.fork({ VERBATIM_WORKER_ID: String(id) })
    let up = false
    w.on('message', (m: { verbatim?: string; url?: string }) => {
      if (m.verbatim !== 'listening') return
      up = true
      url = m.url ?? url
      if (++listening === n) log(`verbatim gate: listening on ${url} (${n} workers)`)
    })
    exits.push(new Promise((resolve) => w.on('exit', (code) => {
      // A worker that could not start (a bad config, a key, a locked log) will not start next time either.
      if (!stopping && !up) {
        log(`verbatim gate: worker ${id} could not start (exit ${code ?? 'signal'}); stopping`)
        failedStart?.()
        resolve(code ?? 1)
        return
      }
      if (!stopping) {
        log(`verbatim gate: worker ${id} exited (${code ?? 'signal'}); starting it again`)
        listening--
        setTimeout(() => fork(id), 500 + Math.random() * 500).unref()
        resolve(0)
        return
      }
      resolve(code ?? 1)
    })))
  }
  for (let i = 1; i <= n; i++) fork(i)
  // Key rotation reaches every worker: each re-reads the config and switches its signing key.
  const hup = (): void => {
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGHUP')
  }
  process.on('SIGHUP', hup)
  const why = await Promise.race([signal, failed])
  process.off('SIGHUP', hup)
  stopping = true
  log(`verbatim gate: stopping ${n} workers`)
  for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM')
  const codes = await Promise.all(exits)
  // A worker that could not start said why; its exit status (2 for a config fault) is the primary's.
  if (why === 'failed') return codes.find((c) => c !== 0) ?? 1
  return codes.every((c) => c === 0) ? 0 : 1
}

export const serveSpec: CommandSpec = { name: 'verbatim serve', usage: USAGE, run: serveCommand }
