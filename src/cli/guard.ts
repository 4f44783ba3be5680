/** @module cli/guard: `verbatim guard --config guard.yaml` (or flags) runs the standalone guard until SIGINT/SIGTERM. */
import { isVerbatimError } from '../errors/index.js'
import { buildGuardConfig, checkGuardConfig, executedLogName, readGuardConfigFile, startGuard } from '../guard/index.js'
import type { GuardConfigInput, LoadedGuardConfig } from '../guard/index.js'
import type { Path, SourceFault } from '../config/index.js'
import { LOG_LEVELS, createLogs } from '../observe/index.js'
import type { LogLevel } from '../observe/index.js'
import { parseFlags } from './args.js'
import { faultsOf, reportFailure } from './faults.js'
import type { CommandSpec } from './command.js'
import { usageText } from './command.js'
import type { CliIO } from './io.js'
import { waitForSignal } from './serve.js'

const USAGE = usageText('verbatim guard', [
  '--config FILE [-- CMD ARGS…]',
  '--audience AUD (--jwks-url URL | --jwks-file FILE) [--mcp] (--executor URL | -- CMD ARGS…) [options]',
  'config schema|check [FILE]',
],
'Runs the standalone guard in front of an executor nobody modified: it verifies each binding, then',
'hands the same bytes to an HTTP executor (--executor URL) or a stdio one (-- CMD ARGS…). Runs until',
'SIGINT or SIGTERM; prints {url, port, guardJwk} as one JSON line on stdout (docs/guard.md).',
'With no flags at all it reads $VERBATIM_GUARD_CONFIG. VERBATIM_GUARD_… variables override fields of the',
'config, and flags override variables (docs/guard-config.md). SIGHUP re-reads the trusted key set now',
'(key rotation: docs/deploy.md). `verbatim guard config schema|check` prints or checks guard.yaml.',
'',
'options:',
'  -c, --config FILE     guard.yaml; cannot be combined with the flags below (only with -- CMD)',
'  --audience AUD        the audience bindings must name',
'  --jwks-file FILE      the gate\'s JWK Set, e.g. the jwks.json that verbatim keys generate writes',
'  --jwks-url URL        the gate\'s /.well-known/jwks.json (https, or http on loopback only)',
'  --executor URL        an HTTP executor (with --mcp: an MCP server\'s Streamable HTTP endpoint)',
'  --mcp                 the executor is an unmodified MCP server: --executor http://127.0.0.1:3001/mcp,',
'                        or -- CMD ARGS… for a stdio server (a child per session; at the stateless',
'                        revision 2026-07-28, each agent\'s own children), e.g.',
'                        -- npx -y @modelcontextprotocol/server-filesystem /srv/data',
'  --host H, --port N    where the guard listens',
'  --redis URL           a shared replay store (default: in memory)',
'  --audit-dir DIR       the executed log',
'  --key-file PEM        the guard\'s own key, which signs receipts',
'  --skew S              allowed clock skew in seconds',
`  --log-level LEVEL     ${LOG_LEVELS.join(', ')} (default info); logs are JSON lines on stderr`,
)

const OPTIONS = {
  config: { type: 'string', short: 'c' }, host: { type: 'string' }, port: { type: 'string' }, audience: { type: 'string' },
  'jwks-url': { type: 'string' }, 'jwks-file': { type: 'string' }, redis: { type: 'string' }, 'audit-dir': { type: 'string' },
  'key-file': { type: 'string' }, executor: { type: 'string' }, skew: { type: 'string' }, mcp: { type: 'boolean' }, 'log-level': { type: 'string' },
} as const

type Values = { [K in Exclude<keyof typeof OPTIONS, 'mcp' | 'log-level'>]?: string } & { mcp?: boolean }

function fromFlags(v: Values, command: string[] | undefined, env: NodeJS.ProcessEnv): LoadedGuardConfig {
  const input: Record<string, unknown> = { audience: v.audience }
  input.listen = { ...(v.host === undefined ? {} : { host: v.host }), ...(v.port === undefined ? {} : { port: Number(v.port) }) }
  if (v['jwks-url'] !== undefined) input.keys = { jwksUrl: v['jwks-url'] }
  else if (v['jwks-file'] !== undefined) input.keys = { jwksFile: v['jwks-file'] }
  if (v.redis !== undefined) input.replay = { redis: v.redis }
  if (v['audit-dir'] !== undefined) input.audit = { dir: v['audit-dir'] }
  if (v['key-file'] !== undefined) input.signing = { keyFile: v['key-file'] }
  if (v.skew !== undefined) input.skewSeconds = Number(v.skew)
  const executor = command !== undefined ? { command } : v.executor !== undefined ? { http: v.executor } : undefined
  if (executor !== undefined) input.executor = v.mcp === true ? { mcp: executor } : executor
  const loaded = buildGuardConfig(input, env)
  // A fault in a value a flag set is said against that flag.
  const flagOf: Record<string, string> = { 'keys.jwksFile': '--jwks-file', 'signing.keyFile': '--key-file', 'audit.dir': '--audit-dir' }
  const at = (path: Path, message: string): SourceFault => {
    const key = path.map(String).join('.')
    return { file: flagOf[key] ?? key, line: 0, col: 0, message }
  }
  return { ...loaded, at }
}

/** Flags and config cannot mix, except `-- CMD…`, which replaces the config's executor. */
export async function guardCommand(args: string[], io: CliIO): Promise<number> {
  const dash = args.indexOf('--')
  const own = dash >= 0 ? args.slice(0, dash) : args
  const command = dash >= 0 ? args.slice(dash + 1) : undefined
  if (command !== undefined && command.length === 0) {
    io.stderr.write(`nothing after --\n${USAGE}`)
    return 2
  }
  const flags = parseFlags(own, OPTIONS, io, USAGE)
  if (!flags) return 2
  const level = (flags.values['log-level'] ?? io.env.VERBATIM_LOG_LEVEL ?? 'info') as LogLevel
  if (!LOG_LEVELS.includes(level)) {
    io.stderr.write(`--log-level must be one of ${LOG_LEVELS.join(', ')}\n${USAGE}`)
    return 2
  }
  const { 'log-level': _level, ...rest } = flags.values
  const v = rest as Values
  const logs = createLogs({ name: 'verbatim-guard', level, destination: io.stderr })
  const log = logs.line
  // With no flags at all, the image's default: the config that $VERBATIM_GUARD_CONFIG names.
  const file = v.config ?? (Object.keys(v).length === 0 ? io.env.VERBATIM_GUARD_CONFIG : undefined)
  const stop = waitForSignal()
  let onHup: (() => void) | undefined
  try {
    let loaded: LoadedGuardConfig
    if (file !== undefined) {
      const extra = Object.keys(v).filter((k) => k !== 'config')
      if (extra.length > 0) {
        io.stderr.write(`--config cannot be combined with --${extra.join(', --')}\n${USAGE}`)
        return 2
      }
      loaded = await readGuardConfigFile(file, io.env)
      if (command !== undefined) {
        const x = loaded.config.executor
        // The config's own settings for that kind of executor stay; the schema fills the rest.
        const executor = 'mcp' in x ? { mcp: { ...('command' in x.mcp ? x.mcp : {}), command } } : { ...('command' in x ? x : {}), command }
        loaded = { ...loaded, config: checkGuardConfig({ ...loaded.config, executor } as GuardConfigInput) }
      }
    } else {
      loaded = fromFlags(v, command, io.env)
    }
    const config = loaded.config
    for (const o of loaded.overrides) log(`verbatim guard: override ${o}`)
    const g = await startGuard(config, { log, callLog: logs.call, ...(loaded.at === undefined ? {} : { at: loaded.at }) })
    onHup = () => {
      g.reloadKeys().then(
        (n) => log(`verbatim guard: key set reloaded (SIGHUP): ${n} trusted key(s)`),
        (err: unknown) => log(`verbatim guard: key set reload FAILED, the set in use stays: ${(err as Error).message}`),
      )
    }
    process.on('SIGHUP', onHup)
    const x = config.executor
    const exec = 'mcp' in x ? `MCP ${'http' in x.mcp ? x.mcp.http : x.mcp.command.join(' ')}` : 'http' in x ? x.http : x.command.join(' ')
    log(`verbatim guard: listening on ${g.url} (audience ${config.audience}, replay ${config.replay === 'memory' ? 'memory' : 'redis'}, executor ${exec}, guard key ${String(g.guardJwk.kid)}, executed log ${config.audit.dir}/${executedLogName(config)})`)
    io.stdout.write(`${JSON.stringify({ url: g.url, port: g.port, guardJwk: g.guardJwk })}\n`)
    await stop.signal
    log('verbatim guard: stopping')
    await g.close()
    return 0
  } catch (err) {
    // For a person: one fault a line. A log collector gets the same faults once more, as one structured line.
    const status = reportFailure(err, io, `verbatim guard: the guard did not start${file === undefined ? '' : ` (${file})`}`)
    if ((io.stderr as { isTTY?: boolean }).isTTY !== true) logs.logger.fatal({ code: isVerbatimError(err) ? err.code : 'ERR_INTERNAL', faults: faultsOf(err) }, 'verbatim guard: not started')
    return status
  } finally {
    if (onHup !== undefined) process.off('SIGHUP', onHup)
    stop.dispose()
  }
}

export const guardSpec: CommandSpec = {
  name: 'verbatim guard',
  usage: USAGE,
  run: guardCommand,
  subcommands: { config: async () => (await import('./guard-config.js')).guardConfigSpec },
}
