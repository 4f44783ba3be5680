/** @module audit/base-file: read and atomically write `<dir>/<process>-<size>.base.json` (the fs edge of audit/base). */
import { readFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { BaseCheckpoint } from './base.js'
import { baseFileName, parseBase } from './base.js'
import { writeFileDurably } from './fs-ops.js'

/** Every base of `process` in `dir` that parses, smallest size first (none when the folder has none). */
export async function readBaseFiles(dir: string, process: string): Promise<BaseCheckpoint[]> {
  let names: string[]
  try {
    names = await readdir(dir)
  } catch {
    return []
  }
  const out: BaseCheckpoint[] = []
  for (const name of names) {
    const m = /^(.+)-(\d{12,})\.base\.json$/.exec(name)
    if (m === null || m[1] !== process) continue
    const b = parseBase(await readFile(join(dir, name), 'utf8').catch(() => ''))
    if (b !== null && b.size === Number(m[2])) out.push(b)
  }
  return out.sort((a, b) => a.size - b.size)
}

/** Writes a base durably: a temporary file, fsync, rename into place, fsync of the directory. */
export async function writeBaseFile(dir: string, process: string, base: BaseCheckpoint): Promise<void> {
  await writeFileDurably(join(dir, baseFileName(process, base.size)), JSON.stringify(base, null, 2) + '\n', 0o640)
}
