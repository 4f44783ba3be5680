/** @module audit/fs-ops: the few file operations the writer needs, injectable for fault tests. */
import { open } from 'node:fs/promises'

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

export const nodeAuditFs: AuditFs = {
  async openAppend(path: string): Promise<AuditFile> {
    const fh = await open(path, 'a', 0o640)
    return {
      async write(data: Uint8Array): Promise<void> {
        let off = 0
        while (off < data.length) {
          const { bytesWritten } = await fh.write(data, off, data.length - off)
          if (bytesWritten <= 0) throw Object.assign(new Error('audit: write made no progress'), { code: 'EIO' })
          off += bytesWritten
        }
      },
      datasync: () => fh.datasync(),
      close: () => fh.close(),
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
