/** @module config/source-fault: a fault in a file an operator writes, placed at file:line:col, or said without a place when it has none. */

export interface SourceFault {
  file: string
  /** 1-based; 0 when the fault has no position (a file that cannot be read, a variable). */
  line: number
  col: number
  message: string
}
export type Path = readonly PropertyKey[]

/** `file:line:col: message`; a fault with no position (line 0) is `source: message`. */
export function formatFault(f: SourceFault): string {
  return f.line === 0 ? `${f.file}: ${f.message}` : `${f.file}:${f.line}:${f.col}: ${f.message}`
}

/** A file that cannot be read, said without an invented position: `path: no such file`. */
export function unreadableFault(file: string, err: unknown): SourceFault {
  const code = (err as NodeJS.ErrnoException | undefined)?.code
  const why = code === undefined ? (err instanceof Error ? err.message : String(err)) : (ERRNO_WORDS[code] ?? `cannot be read (${code})`)
  return { file, line: 0, col: 0, message: why }
}

const ERRNO_WORDS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied: this user cannot read it',
  EPERM: 'permission denied: this user cannot read it',
  EISDIR: 'is a directory, not a file',
  ENOTDIR: 'a part of this path is not a directory',
  ELOOP: 'too many symbolic links',
}
