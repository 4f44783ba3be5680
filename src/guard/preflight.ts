/**
 * @module guard/preflight: every check the standalone guard makes before it listens, in one function
 * that `verbatim guard` (through startGuard) and `verbatim guard config check` both run, so the check
 * cannot answer ok for a config the guard then refuses. Every fault comes at once, each where the
 * config says the thing that is wrong.
 */
import { auditDirProblem } from '../audit/index.js'
import { readKeySetFile } from '../binding/index.js'
import type { SigningKey } from '../binding/index.js'
import type { Path, SourceFault } from '../config/index.js'
import { formatFault } from '../config/index.js'
import { VerbatimError, isVerbatimError } from '../errors/index.js'
import type { GuardConfig } from './config.js'
import { loadGuardKey } from './guard-key.js'
import { createPathCheck } from './paths.js'
import type { PathCheck } from './paths.js'
import { loadGuardApprovals } from './trust-file.js'

/** A fault at a config value: at file:line:col when the config came from a file. */
export type GuardConfigLocator = (path: Path, message: string) => SourceFault

export interface GuardPreflighted {
  /** The guard's own key (receipts, checkpoints); ephemeral without signing.keyFile. */
  key: SigningKey
  pathCheck: PathCheck | undefined
  /** The approvals the guard requires and their trusted approver credentials (binding §14), and how to read them again. */
  trusted: Awaited<ReturnType<typeof loadGuardApprovals>>
}

const unplaced: GuardConfigLocator = (path, message) => ({ file: 'guard config', line: 0, col: 0, message: `${path.map(String).join('.')}: ${message}` })

function messageOf(e: unknown): string {
  if (!isVerbatimError(e)) return e instanceof Error ? e.message : String(e)
  return e.code === 'ERR_CONFIG_INVALID' ? e.message : `${e.code}: ${e.message}`
}

/**
 * Reads the guard's key, the gate's key set file, the path-check roots, the approvers' trust file and
 * the executed log's directory; throws one ERR_CONFIG_INVALID listing every fault (`detail.faults`). Not checked without
 * starting: the listen address, the executor and the replay store (readiness reports those).
 * @example const { key, pathCheck, trusted } = await guardPreflight(loaded.config, loaded.at)
 */
export async function guardPreflight(config: GuardConfig, at: GuardConfigLocator = unplaced): Promise<GuardPreflighted> {
  const faults: SourceFault[] = []
  const keyFile = config.signing.keyFile
  const key = await loadGuardKey(keyFile === undefined ? {} : { keyFile }).catch((e: unknown) => {
    faults.push(at(['signing', 'keyFile'], messageOf(e)))
    return undefined
  })
  // A key set file that is not a usable JWK Set refuses the start, rather than every call later.
  if ('jwksFile' in config.keys) {
    await readKeySetFile(config.keys.jwksFile).catch((e: unknown) => faults.push(at(['keys', 'jwksFile'], messageOf(e))))
  }
  const pathCheck = config.paths === undefined ? undefined : await createPathCheck(config.paths).catch((e: unknown) => {
    faults.push(at(['paths', 'roots'], messageOf(e)))
    return undefined
  })
  const trusted = await loadGuardApprovals(config.approvals).catch((e: unknown) => {
    faults.push(at(['approvals', 'trustFile'], messageOf(e)))
    return undefined
  })
  const audit = await auditDirProblem(config.audit.dir)
  if (audit !== undefined) faults.push(at(['audit', 'dir'], audit))
  if (faults.length > 0 || key === undefined || trusted === undefined) {
    throw new VerbatimError('ERR_CONFIG_INVALID', faults.map(formatFault).join('\n'), { detail: { faults } })
  }
  return { key, pathCheck, trusted }
}
