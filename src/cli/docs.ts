/** @module cli/docs: `verbatim docs generate|check` keeps generated docs in step with the code. */
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { CliIO } from './io.js'
import { GENERATED_DOCS } from '../docs-registry.js'

export async function docsCommand(args: string[], io: CliIO): Promise<number> {
  const mode = args[0] ?? 'check'
  if ((mode !== 'check' && mode !== 'generate') || args.length > 2) {
    io.stderr.write('usage: verbatim docs generate|check [ROOT]\n')
    return 2
  }
  const root = args[1] ?? process.cwd()
  let stale = 0
  for (const [file, render] of Object.entries(GENERATED_DOCS)) {
    const path = join(root, file)
    const want = render()
    if (mode === 'generate') {
      await writeFile(path, want)
      io.stdout.write(`wrote ${file}\n`)
      continue
    }
    const have = await readFile(path, 'utf8').catch(() => '')
    if (have !== want) {
      stale++
      io.stderr.write(`${file} is stale: run npm run docs\n`)
    }
  }
  return stale === 0 ? 0 : 1
}
