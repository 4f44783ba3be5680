/** @module console/files: the console's small JSON files: read, and written durably (the audit log's own durable write). */
import { readFile } from 'node:fs/promises'
export { writeFileDurably as writeDurably } from '../audit/index.js'

/** The file's JSON, or undefined when there is no file. */
export async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as unknown
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw e
  }
}
