/** @module tests/docs/doc-set: which docs exist, which are generated from code, and their annotated blocks. */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { GENERATED_DOCS } from '../../src/docs-registry.js'
import type { Annotation } from './annotation.js'
import { looksLikeAnnotation, parseAnnotation } from './annotation.js'
import type { FencedBlock } from './markdown.js'
import { fencedBlocks } from './markdown.js'

export const ROOT = new URL('../../', import.meta.url).pathname

export type DocClass = 'hand-written' | 'generated'

/** README.md and everything under docs/, each hand-written Markdown or generated from code. */
export function docFiles(root: string = ROOT): { doc: string; class: DocClass | 'unknown' }[] {
  // docs/img holds the pictures docs show (tests/docs/blocks.test.ts: each is shown by a doc).
  const docs = ['README.md', ...readdirSync(join(root, 'docs'), { withFileTypes: true }).filter((e) => !(e.isDirectory() && e.name === 'img')).map((e) => e.name).sort().map((n) => `docs/${n}`)]
  return docs.map((doc) => ({ doc, class: classify(doc) }))
}

/**
 * A doc in src/docs-registry.ts is generated, and tests/docs.test.ts checks it byte for byte; its
 * blocks are not run here. Any other doc must be Markdown, and every block in it is annotated.
 */
export function classify(doc: string): DocClass | 'unknown' {
  if (Object.hasOwn(GENERATED_DOCS, doc)) return 'generated'
  return doc.endsWith('.md') ? 'hand-written' : 'unknown'
}

export interface AnnotatedBlock extends FencedBlock {
  readonly annotation: Annotation
}

export interface BlockFault {
  readonly doc: string
  readonly line: number
  readonly message: string
}

/** The blocks of one hand-written doc, each with its annotation, and a fault for each block without a valid one. */
export function annotatedBlocks(doc: string, markdown: string): { blocks: AnnotatedBlock[]; faults: BlockFault[] } {
  const blocks: AnnotatedBlock[] = []
  const faults: BlockFault[] = []
  for (const b of fencedBlocks(doc, markdown)) {
    if (!looksLikeAnnotation(b.before)) {
      faults.push({ doc, line: b.line, message: `a \`\`\`${b.info} block without a doc-test annotation on the line before it (tests/docs/annotation.ts lists the kinds)` })
      continue
    }
    try {
      blocks.push({ ...b, annotation: parseAnnotation(b.before ?? '') })
    } catch (e) {
      faults.push({ doc, line: b.line - 1, message: (e as Error).message })
    }
  }
  return { blocks, faults }
}

export function readDoc(doc: string, root: string = ROOT): string {
  return readFileSync(join(root, doc), 'utf8')
}
