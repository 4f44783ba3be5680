/**
 * Every fenced block of README.md and docs/ says what it is and how it is checked, so a new example
 * cannot be added unrun. Generated docs are known by name (src/docs-registry.ts) and checked byte for
 * byte by tests/docs.test.ts instead.
 */
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { GENERATED_DOCS } from '../../src/docs-registry.js'
import { ROOT, annotatedBlocks, docFiles, readDoc } from './doc-set.js'
import { fencedBlocks } from './markdown.js'
import { splitCommands } from './runners/sh.js'
import { parseConsole } from './runners/console.js'

const docs = docFiles()
const handWritten = docs.filter((d) => d.class === 'hand-written').map((d) => d.doc)

describe('doc blocks: annotations', () => {
  it('knows every file under docs/ as hand-written Markdown or generated from code', () => {
    expect(docs.filter((d) => d.class === 'unknown').map((d) => d.doc)).toEqual([])
    expect(handWritten).toContain('README.md')
    for (const g of Object.keys(GENERATED_DOCS)) expect(docs.find((d) => d.doc === g)?.class).toBe('generated')
  })

  it('shows every picture under docs/img in some doc, and names none that is missing', () => {
    const pictures = readdirSync(join(ROOT, 'docs', 'img')).sort()
    const text = handWritten.map((d) => readDoc(d)).join('\n')
    expect(pictures.length).toBeGreaterThan(0)
    for (const p of pictures) expect(text, `docs/img/${p}`).toContain(`(img/${p})`)
    for (const m of text.matchAll(/\]\(img\/([^)]+)\)/g)) expect(pictures).toContain(m[1])
  })

  it.each(handWritten)('%s: every fenced block carries a valid doc-test annotation', (doc) => {
    const { blocks, faults } = annotatedBlocks(doc, readDoc(doc))
    expect(faults.map((f) => `${f.doc}:${f.line}: ${f.message}`)).toEqual([])
    expect(blocks.length).toBe(fencedBlocks(doc, readDoc(doc)).length)
  })

  it.each(Object.keys(GENERATED_DOCS).filter((d) => d.endsWith('.md')))('%s is generated: its blocks are checked by tests/docs.test.ts, not run here', (doc) => {
    // Stated, not skipped silently: the file is the generator's output byte for byte.
    expect(readDoc(doc)).toBe(GENERATED_DOCS[doc]?.())
  })

  it.each(handWritten)('%s: every command a reader pastes spells the CLI bin/verbatim (a checkout after npm ci)', (doc) => {
    const faults: string[] = []
    for (const b of annotatedBlocks(doc, readDoc(doc)).blocks) {
      // console blocks, and transcripts (a block without a language whose lines start "$ ").
      const commands = b.info === 'console' || (b.info === '' && b.text.startsWith('$ ')) ? parseConsole(b.text).map((s) => s.command)
        : ['sh', 'bash', 'shell'].includes(b.info) ? splitCommands(b.text) : []
      for (const c of commands) if (misspelt(c)) faults.push(`${doc}:${b.line}: ${c.split('\n')[0]}`)
    }
    expect(faults).toEqual([])
  })

  it('tells a misspelt command from a right one', () => {
    expect(['verbatim serve', 'npx verbatim keys generate --dir k', 'cat x | verbatim canonical -', 'id=$(verbatim keys generate)', 'VERBATIM_TOKEN=t verbatim mcp-bridge'].filter(misspelt)).toHaveLength(5)
    expect(['bin/verbatim serve', 'docker compose run --entrypoint verbatim gate policy test', 'cat x | bin/verbatim canonical -', 'echo verbatim serve', "sed 's/verbatim//'"].filter(misspelt)).toEqual([])
  })

  it('every npm script the docs name exists in package.json', () => {
    const scripts = Object.keys((JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts)
    const named = new Set<string>()
    for (const { doc } of docs.filter((d) => d.doc.endsWith('.md'))) {
      const text = readDoc(doc)
      for (const m of text.matchAll(/\bnpm (start|test)\b/g)) named.add(m[1] ?? '')
      for (const m of text.matchAll(/\bnpm run ([a-z][\w:|-]*)/g)) {
        // `npm run bench:canonical|policy` names several scripts that share a prefix.
        const [first = '', ...rest] = (m[1] ?? '').split('|')
        const prefix = first.includes(':') ? first.slice(0, first.indexOf(':') + 1) : ''
        for (const s of [first, ...rest.map((r) => prefix + r)]) named.add(s)
      }
    }
    expect([...named].filter((s) => !scripts.includes(s))).toEqual([])
    expect(named.size).toBeGreaterThan(3)
  })
})

/**
 * True when a command runs the CLI as `verbatim …` or `npx verbatim …`: neither works in a checkout
 * after npm ci (no `verbatim` on PATH; npx would look in the registry outside the package). The image
 * puts `verbatim` on PATH, so container commands (`docker … --entrypoint verbatim`) are not commands here.
 */
function misspelt(command: string): boolean {
  return /(?:^|[|;&]\s*|\$\(\s*)(?:[A-Za-z_][A-Za-z0-9_]*=\S*\s+)*(?:npx\s+)?verbatim\s/m.test(command)
}
