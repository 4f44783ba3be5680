/** @module audit/lines: a segment's lines, read in large chunks up to a recorded size (the fs edge of every reader). */
import { open } from 'node:fs/promises'

const CHUNK = 4 * 1024 * 1024

export interface LineSink {
  /** A complete line (without its newline); `line` is 1-based. */
  line(text: string, line: number): void
  /** Bytes after the last newline: a torn or still-being-written last line. */
  torn(bytes: number, line: number): void
}

/**
 * Feeds every line of `path` from `offset` up to `limit` bytes (default: the size now) to `sink`.
 * UTF-8 never encodes a newline inside a multi-byte sequence, so each chunk splits at its last newline.
 * Returns the offset after the last complete line and the number of lines fed.
 */
export async function readLines(path: string, sink: LineSink, o: { offset?: number; limit?: number; firstLine?: number } = {}): Promise<{ offset: number; lines: number }> {
  const fh = await open(path, 'r')
  try {
    const limit = o.limit ?? (await fh.stat()).size
    let pos = o.offset ?? 0
    let lineNo = o.firstLine ?? 1
    let carry: Buffer = Buffer.alloc(0)
    let done = pos
    const buf = Buffer.allocUnsafe(CHUNK)
    while (pos < limit) {
      const { bytesRead } = await fh.read(buf, 0, Math.min(CHUNK, limit - pos), pos)
      if (bytesRead <= 0) break
      pos += bytesRead
      const chunk = carry.length === 0 ? buf.subarray(0, bytesRead) : Buffer.concat([carry, buf.subarray(0, bytesRead)])
      const nl = chunk.lastIndexOf(0x0a)
      if (nl < 0) {
        carry = Buffer.from(chunk)
        continue
      }
      const lines = chunk.toString('utf8', 0, nl).split('\n')
      for (const text of lines) sink.line(text, lineNo++)
      done += nl + 1
      carry = Buffer.from(chunk.subarray(nl + 1))
    }
    if (carry.length > 0) sink.torn(carry.length, lineNo)
    return { offset: done, lines: lineNo - (o.firstLine ?? 1) }
  } finally {
    await fh.close()
  }
}
