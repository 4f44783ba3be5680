/** @module audit/fs-ops: the few file operations the writer needs, injectable for fault tests. */
import fs from 'node:fs'
import { randomBytes } from 'node:crypto'
import { mkdir, open, rename } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'

export interface AuditFile {
  /** Writes all bytes (looping over short writes); rejects on any error. */
  write(data: Uint8Array): Promise<void>
  datasync(): Promise<void>
  close(): Promise<void>
}

export interface AuditFs {
  /** Opens (creating) a file for O_APPEND writes. */
  openAppend(path: string): Promise<AuditFile>
  /** fsyncs a directory so a newly created file's entry is durable. */
  syncDir(dir: string): Promise<void>
}

// The callback API, not FileHandle: on the write-ahead path every call waits for one write and one
// fdatasync, and FileHandle's promise wrapper cost about 30 µs more per pair (bench: the audit-on
// p50 at one connection).
const call = <T>(f: (cb: (err: NodeJS.ErrnoException | null, v: T) => void) => void): Promise<T> =>
  new Promise((resolve, reject) => f((err, v) => (err === null ? resolve(v) : reject(err))))

export const nodeAuditFs: AuditFs = {
  async openAppend(path: string): Promise<AuditFile> {
    const fd = await call<number>((cb) => fs.open(path, 'a', 0o640, cb))
    return {
      async write(data: Uint8Array): Promise<void> {
        let off = 0
        while (off < data.length) {
          const bytesWritten = await call<number>((cb) => fs.write(fd, data, off, data.length - off, null, cb))
          if (bytesWritten <= 0) throw Object.assign(new Error('audit: write made no progress'), { code: 'EIO' })
          off += bytesWritten
        }
      },
      datasync: () => call<void>((cb) => fs.fdatasync(fd, (err) => cb(err, undefined))),
      close: () => call<void>((cb) => fs.close(fd, (err) => cb(err, undefined))),
    }
  },
  async syncDir(dir: string): Promise<void> {
    const fh = await open(dir, 'r')
    try {
      await fh.sync()
    } finally {
      await fh.close()
    }
  },
}

/**
 * Writes `text` to `path` so that a crash leaves either the old file or the new one, whole: a
 * temporary file beside it, fsync, rename into place, fsync of the folder (made, mode 0700, if
 * missing). The audit log's bases are written so, and the approvers' passkeys (src/console).
 */
export async function writeFileDurably(path: string, text: string, mode = 0o600): Promise<void> {
  const dir = dirname(path)
  await mkdir(dir, { recursive: true, mode: 0o700 })
  const tmp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`)
  const fh = await open(tmp, 'wx', mode)
  try {
    await fh.writeFile(text)
    await fh.sync()
  } finally {
    await fh.close()
  }
  await rename(tmp, path)
  const d = await open(dir, 'r')
  try {
    await d.sync()
  } finally {
    await d.close()
  }
}
