/** @module config/load: read verbatim.yaml, apply environment overrides, validate (the fs/env edge). */
import { readFile } from 'node:fs/promises'
import { dirname, isAbsolute, resolve } from 'node:path'
import { VerbatimError } from '../errors/index.js'
import { applyDefaults, applyEnvOverrides, profileDefaults } from './env.js'
import { keyShape } from './json-schema.js'
import { ConfigSchema } from './schema.js'
import type { Config } from './schema.js'
import { kindOf } from './schema-faults.js'
import { formatFault, parseYamlWithSchema, unreadableFault } from './yaml-source.js'
import type { Path, SourceFault } from './yaml-source.js'

export interface LoadedConfig {
  config: Config
  file: string
  overrides: string[]
  /**
   * A fault at the value `path` names (`signing.keyFile`), at file:line:col, or against the
   * VERBATIM_… variable that set it: for the checks made after parsing (gate/preflight).
   */
  at(path: Path, message: string): SourceFault
}

/** Validates config text; pure but for nothing: `env` is passed in. Paths resolve against the file's directory. */
export function parseConfig(file: string, text: string, env: Readonly<Record<string, string | undefined>> = {}): LoadedConfig {
  let overrides: string[] = []
  const parsed = parseYamlWithSchema(file, text, ConfigSchema, (raw, fault) => {
    const tree = raw ?? {}
    if (typeof tree !== 'object' || Array.isArray(tree)) throw configError([fault([], `expected a mapping of settings at the top level, got ${kindOf(tree)}`)])
    applyDefaults(tree as Record<string, unknown>, profileDefaults(env, 'gate'))
    overrides = applyEnvOverrides(tree as Record<string, unknown>, env, keyShape())
    return tree
  })
  if (parsed.data === undefined) throw configError(parsed.faults.map((f) => blameOverride(f, overrides)))
  const at = (path: Path, message: string): SourceFault => blameOverride(parsed.fault(path, `${path.map(String).join('.')}: ${message}`), overrides)
  return { config: resolvePaths(parsed.data, dirname(resolve(file))), file, overrides, at }
}

export async function loadConfig(file: string, env: Readonly<Record<string, string | undefined>> = process.env): Promise<LoadedConfig> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (cause) {
    throw configError([unreadableFault(file, cause)], cause)
  }
  return parseConfig(file, text, env)
}

/** A fault in a value that an environment variable set is reported against that variable, not the file. */
function blameOverride(f: SourceFault, overrides: readonly string[]): SourceFault {
  for (const o of overrides) {
    const [name, path] = o.split(' -> ') as [string, string]
    if (f.message.startsWith(`${path}:`) || f.message.startsWith(`${path}.`)) return { ...f, file: `${name} (environment)`, line: 0, col: 0 }
  }
  return f
}

/** ERR_CONFIG_INVALID with every fault as data (`detail.faults`), and one per line in the message. */
export function configError(faults: readonly SourceFault[], cause?: unknown): VerbatimError {
  return new VerbatimError('ERR_CONFIG_INVALID', faults.map(formatFault).join('\n'), { detail: { faults }, ...(cause === undefined ? {} : { cause }) })
}

function resolvePaths(c: Config, base: string): Config {
  const abs = (p: string): string => (isAbsolute(p) ? p : resolve(base, p))
  return {
    ...c,
    policies: c.policies.map(abs),
    signing: { ...c.signing, keyFile: abs(c.signing.keyFile), previousKeys: c.signing.previousKeys.map(abs) },
    audit: { ...c.audit, dir: abs(c.audit.dir) },
    ...(c.approvals === undefined ? {} : { approvals: { ...c.approvals, dir: abs(c.approvals.dir) } }),
    upstreams: c.upstreams.map((u) => (u.receipts !== undefined && 'jwksFile' in u.receipts ? { ...u, receipts: { jwksFile: abs(u.receipts.jwksFile) } } : u))
      .map((u) => (u.toolSchemas !== undefined && 'file' in u.toolSchemas ? { ...u, toolSchemas: { file: abs(u.toolSchemas.file) } } : u)),
  }
}
