/** @module policy/load: the filesystem edge: read policy files and directories, then compile. */
import { readFile, readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { formatFault, unreadableFault } from '../config/yaml-source.js'
import { VerbatimError } from '../errors/index.js'
import type { CompiledPolicy } from './compile.js'
import { compilePolicy } from './compile.js'
import { loadPolicyParsers } from './matchers/sql-parser.js'
import type { PolicyFault, PolicySource } from './source.js'

const POLICY_EXT = /\.(?:ya?ml|json)$/

/** The policy files under `paths`: files as given, directories' *.yaml, *.yml, *.json (not recursive), sorted. */
export async function policyFiles(paths: string[]): Promise<string[]> {
  const out: string[] = []
  for (const p of paths) {
    const s = await stat(p)
    if (!s.isDirectory()) { out.push(p); continue }
    const names = (await readdir(p)).filter((n) => POLICY_EXT.test(n)).sort()
    out.push(...names.map((n) => join(p, n)))
  }
  return out
}

/**
 * Reads the sources. An unreadable path or an empty set becomes a fault, so callers report it the
 * same way as a syntax error.
 * @throws VerbatimError ERR_POLICY_INVALID
 */
export async function readPolicySources(paths: string[]): Promise<PolicySource[]> {
  const faults: PolicyFault[] = []
  let files: string[] = []
  try {
    files = await policyFiles(paths)
  } catch (e) {
    faults.push(unreadableFault((e as { path?: string }).path ?? paths.join(' '), e))
  }
  const sources: PolicySource[] = []
  for (const file of files) {
    try {
      sources.push({ path: file, text: await readFile(file, 'utf8') })
    } catch (e) {
      faults.push(unreadableFault(file, e))
    }
  }
  if (faults.length === 0 && sources.length === 0) {
    faults.push({ file: paths.join(' ') || '(none)', line: 0, col: 0, message: 'no policy files (*.yaml, *.yml, *.json) found' })
  }
  if (faults.length > 0) {
    throw new VerbatimError('ERR_POLICY_INVALID', faults.map(formatFault).join('\n'), { detail: { faults } })
  }
  return sources
}

/** Reads and compiles the policy at `paths` (files or directories), once the parsers its matchers need are loaded. */
export async function loadPolicy(paths: string[]): Promise<CompiledPolicy> {
  const sources = await readPolicySources(paths)
  await loadPolicyParsers()
  return compilePolicy(sources)
}
