/** @module version: the package's version, as its package.json says. */
import { readFile } from 'node:fs/promises'

/** The package's version, from the package.json above this file (src/ or dist/src/). */
export async function packageVersion(): Promise<string> {
  for (const up of ['../package.json', '../../package.json']) {
    const text = await readFile(new URL(up, import.meta.url), 'utf8').catch(() => undefined)
    const pkg = text === undefined ? undefined : (JSON.parse(text) as { name?: string; version?: string })
    if (pkg?.name === 'verbatim-proxy' && typeof pkg.version === 'string') return pkg.version
  }
  return 'unknown'
}
