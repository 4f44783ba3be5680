/**
 * @module cli/faults: a start or a check that failed, written for a person: one fault a line,
 * `file:line:col` first where there is one, the fix in the line, then what happened and the exit
 * status. The exit statuses every command shares are here (README, "Command line").
 */
import { formatFault } from '../config/index.js'
import type { SourceFault } from '../config/index.js'
import type { ErrorCode } from '../errors/index.js'
import { isVerbatimError } from '../errors/index.js'
import type { CliIO } from './io.js'

/** Exit statuses: 2 is for what the person fixes in the command line or the config. */
export const EXIT = {
  ok: 0,
  /** The command ran and found faults, or failed (a refusal, a stop that was not clean). */
  failed: 1,
  /** A usage or config fault: an unknown command or option, a missing argument, a config that fails its checks. */
  usage: 2,
  /** `audit reconcile` and `audit report`: calls that need attention (docs/audit.md). */
  attention: 3,
  /** A bug: the stack trace is printed. */
  internal: 70,
} as const

/** Codes that mean "fix the config, the files it names or the command line, then run again". */
const CONFIG_CODES: ReadonlySet<ErrorCode> = new Set(['ERR_CONFIG_INVALID', 'ERR_BINDING_KEY', 'ERR_POLICY_INVALID'])

/** The faults an error lists (`detail.faults`, as the config loader and gate/preflight give them). */
export function faultsOf(err: unknown): SourceFault[] | undefined {
  const listed = isVerbatimError(err) ? err.detail?.faults : undefined
  return Array.isArray(listed) && listed.length > 0 ? (listed as SourceFault[]) : undefined
}

/** The exit status for an error: 2 for a config fault or any listed faults, 70 for a bug, else 1. */
export function exitFor(err: unknown): number {
  if (!isVerbatimError(err)) return EXIT.internal
  return faultsOf(err) !== undefined || CONFIG_CODES.has(err.code) ? EXIT.usage : EXIT.failed
}

/**
 * Writes `err` to stderr for a person and returns the exit status: each listed fault on its own
 * line, then `<what> (N faults, exit S)`; an error without a list is one line with its code and
 * the causes that explain it; anything else is a bug, with its stack.
 * @example return reportFailure(err, io, 'verbatim serve: the gate did not start')
 */
export function reportFailure(err: unknown, io: CliIO, what: string): number {
  const code = exitFor(err)
  const faults = faultsOf(err)
  if (faults !== undefined) {
    for (const f of faults) io.stderr.write(`${formatFault(f)}\n`)
    io.stderr.write(`${what}: ${faults.length} ${faults.length === 1 ? 'fault' : 'faults'} (exit ${code})\n`)
  } else if (isVerbatimError(err)) {
    io.stderr.write(`${what}: ${err.code}: ${err.message}${causes(err)} (exit ${code})\n`)
  } else {
    io.stderr.write(`${what}: internal error (exit ${code}): ${(err as Error)?.stack ?? String(err)}\n`)
  }
  return code
}

/** The messages of an error's causes that add something ("audit log could not be opened: EACCES: …"). */
function causes(err: Error): string {
  const out: string[] = []
  let c: unknown = err.cause
  for (let i = 0; i < 4 && c instanceof Error; i++, c = c.cause) if (!err.message.includes(c.message)) out.push(c.message)
  return out.length > 0 ? `: ${out.join(': ')}` : ''
}
