/** @module tests/helpers/tmpfs: a small real filesystem to fill, for tests of a full disk (needs mount rights). */
import { execFileSync } from 'node:child_process'
import { closeSync, openSync, writeSync } from 'node:fs'
import { join } from 'node:path'

const mounted: string[] = []

/** Mounts a tmpfs of `size` (e.g. `256k`) on `dir`; false when this process may not mount. */
export function tryMountTmpfs(dir: string, size: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'ignore' })
    mounted.push(dir)
    return true
  } catch {
    return false
  }
}

/** Lazily unmounts every tmpfs this process mounted (call it in afterAll). */
export function unmountAll(): void {
  for (const m of mounted.splice(0)) {
    try { execFileSync('umount', ['-l', m], { stdio: 'ignore' }) } catch { /* already gone */ }
  }
}

/** Writes a file in `dir` until the filesystem refuses a single byte more (ENOSPC); returns its size. */
export function fillDisk(dir: string): number {
  const fd = openSync(join(dir, 'filler'), 'w')
  let size = 0
  try {
    for (const chunk of [64 * 1024, 4096, 1]) {
      const b = Buffer.alloc(chunk)
      for (;;) {
        try {
          size += writeSync(fd, b)
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e
          break
        }
      }
    }
  } finally {
    closeSync(fd)
  }
  return size
}
