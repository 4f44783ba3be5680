/** @module tests/docs/markdown: every fenced code block of a Markdown file, with the line that precedes it. */

export interface FencedBlock {
  /** The doc, relative to the repository root (`docs/guard.md`). */
  readonly doc: string
  /** 1-based line of the opening fence. */
  readonly line: number
  /** The info string after the fence (`sh`, `yaml`, `ts`, or empty). */
  readonly info: string
  /** The block's content, without the fences, ending in a newline unless empty. */
  readonly text: string
  /** The line right before the opening fence, where the doc-test annotation must be. */
  readonly before: string | undefined
}

// CommonMark §4.5: a fence is three or more backticks or tildes, indented or not (blocks in list items count too).
const OPEN = /^(\s*)(`{3,}|~{3,})\s*([^`]*)$/

/** Finds every fenced block; an unclosed fence runs to the end of the file, as CommonMark reads it. */
export function fencedBlocks(doc: string, markdown: string): FencedBlock[] {
  const lines = markdown.split('\n')
  const out: FencedBlock[] = []
  for (let i = 0; i < lines.length; i++) {
    const m = OPEN.exec(lines[i] ?? '')
    if (m === null) continue
    const fence = m[2] ?? '```'
    const close = new RegExp(`^\\s*${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`)
    let j = i + 1
    while (j < lines.length && !close.test(lines[j] ?? '')) j++
    const body = lines.slice(i + 1, j)
    out.push({
      doc,
      line: i + 1,
      info: (m[3] ?? '').trim().split(/\s+/)[0] ?? '',
      text: body.length === 0 ? '' : `${body.join('\n')}\n`,
      before: i > 0 ? lines[i - 1] : undefined,
    })
    i = j
  }
  return out
}
