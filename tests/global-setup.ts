/** Builds dist/ when any source is newer, so child-process tests run the code under test. */
import { execFileSync } from 'node:child_process'
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

function newest(dir: string): number {
  let t = 0
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name)
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs)
  }
  return t
}

export default function setup(): void {
  const root = new URL('..', import.meta.url).pathname
  let built = 0
  try {
    built = statSync(join(root, 'dist/src/cli/main.js')).mtimeMs
  } catch {
    built = 0
  }
  const sources = Math.max(...['src', 'examples', 'bench'].map((d) => newest(join(root, d))))
  if (sources > built) execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' })
}
