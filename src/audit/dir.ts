/** @module audit/dir: whether a process can keep its audit log in a directory, said before it starts. */
import { constants } from 'node:fs'
import { access, stat } from 'node:fs/promises'
import { dirname } from 'node:path'

/** Why the audit log cannot be written in `dir`, or undefined: the directory, or where it would be made, is writable. */
export async function auditDirProblem(dir: string): Promise<string | undefined> {
  let at = dir
  for (;;) {
    const s = await stat(at).catch((e: NodeJS.ErrnoException) => e)
    if (s instanceof Error) {
      if ((s.code !== 'ENOENT' && s.code !== 'ENOTDIR') || dirname(at) === at) return `${dir}: cannot be used (${s.code ?? s.message})`
      at = dirname(at)
      continue
    }
    if (!s.isDirectory()) return at === dir ? `${dir} is not a directory` : `${dir} cannot be made: ${at} is not a directory`
    const ok = await access(at, constants.W_OK | constants.X_OK).then(() => true, () => false)
    if (ok) return undefined
    const who = typeof process.getuid === 'function' ? ` (uid ${process.getuid()})` : ''
    return at === dir ? `${dir} is not writable by this user${who}` : `${dir} cannot be made: ${at} is not writable by this user${who}`
  }
}
