/** The README's room tables (Architecture) name every folder of src/, and only folders that exist. */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT } from './doc-set.js'

/** The folders named in the first column of a README table row: `| stage | `src/x/` | … |`. */
function tabledRooms(readme: string): string[] {
  return [...readme.matchAll(/^\| [a-z]+ \| `src\/([a-z-]+)\/` \|/gm)].map((m) => m[1]!)
}

describe('README layout', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
  const folders = readdirSync(join(ROOT, 'src'), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort()

  it('has a row for every folder of src/, and a folder for every row', () => {
    expect([...tabledRooms(readme)].sort()).toEqual(folders)
  })
})
