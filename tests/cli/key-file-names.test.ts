import { mkdtemp, readFile, readdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from '../helpers/cli.js'

const ROOT = new URL('../../', import.meta.url).pathname
const DOCS = ['README.md', ...(await readdir(join(ROOT, 'docs'))).filter((n) => n.endsWith('.md')).map((n) => `docs/${n}`)]

/** The names `verbatim keys generate` writes, with the kid spelled `<kid>` as the docs spell it. */
async function writtenNames(): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), 'verbatim-names-'))
  const { code, out } = await runCli(['keys', 'generate', '--dir', dir])
  expect(code).toBe(0)
  const kid = /^kid (\S+)$/m.exec(out)?.[1] as string
  return (await readdir(dir)).map((n) => n.replace(kid, '<kid>')).sort()
}

describe('key file names in the docs', () => {
  it('README names every file keys generate writes', async () => {
    const readme = await readFile(join(ROOT, 'README.md'), 'utf8')
    const names = await writtenNames()
    expect(names).toEqual(['<kid>.jwk.json', '<kid>.key.pem', 'jwks.json'])
    for (const n of names) expect(readme).toContain(n)
  })

  it.each(DOCS)('%s spells a generated key file only as keys generate names it', async (file) => {
    const text = await readFile(join(ROOT, file), 'utf8')
    const spelled = [...text.matchAll(/([^\s/`'"(|]*)\.(key\.pem|jwk\.json)\b/g)].map((m) => `${m[1]}.${m[2]}`)
    for (const s of spelled) expect(s, `${file}: ${s}`).toMatch(/^<kid>\.(key\.pem|jwk\.json)$/)
  })
})
