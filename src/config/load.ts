/** @module config/load: read verbatim.yaml, apply environment overrides, validate (the fs/env edge). */
import { readFile } from 'node:fs/promises'
import { dirname, isAbsolute, resolve } from 'node:path'
import { VerbatimError } from '../errors/index.js'
import { applyDefaults, applyEnvOverrides, profileDefaults } from './env.js'
import { keyShape } from './json-schema.js'
import { ConfigSchema } from './schema.js'
import type { Config } from './schema.js'
import { formatFault, parseYamlWithSchema } from './yaml-source.js'
import type { SourceFault } from './yaml-source.js'

export interface LoadedConfig {
  config: Config
  file: string
  overrides: string[]
}

/** Validates config text; pure but for nothing: `env` is passed in. Paths resolve against the file's directory. */
export function parseConfig(file: string, text: string, env: Readonly<Record<string, string | undefined>> = {}): LoadedConfig {
  let overrides: string[] = []
  const parsed = parseYamlWithSchema(file, text, ConfigSchema, (raw) => {
    const tree = raw ?? {}
    if (typeof tree !== 'object' || Array.isArray(tree)) throw new Error('expected a mapping at the top level')
    applyDefaults(tree as Record<string, unknown>, profileDefaults(env, 'gate'))
    overrides = applyEnvOverrides(tree as Record<string, unknown>, env, keyShape())
    return tree
  })
  if (parsed.data === undefined) throw configError(parsed.faults.map((f) => blameOverride(f, overrides)))
  return { config: resolvePaths(parsed.data, dirname(resolve(file))), file, overrides }
}

export async function loadConfig(file: string, env: Readonly<Record<string, string | undefined>> = process.env): Promise<LoadedConfig> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (cause) {
    throw new VerbatimError('ERR_CONFIG_INVALID', `${file}: cannot read config (${(cause as NodeJS.ErrnoException).code ?? 'error'})`, { cause })
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

function configError(faults: SourceFault[]): VerbatimError {
  return new VerbatimError('ERR_CONFIG_INVALID', faults.map(formatFault).join('\n'), { detail: { faults } })
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
