import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readLines } from '../../src/audit/index.js'
import { tempDir } from './helpers.js'

async function lines(path: string, o: { offset?: number; limit?: number } = {}): Promise<{ lines: string[]; torn: number; offset: number }> {
  const out: string[] = []
  let torn = 0
  const r = await readLines(path, { line: (t) => out.push(t), torn: (b) => (torn = b) }, o)
  return { lines: out, torn, offset: r.offset }
}

describe('audit lines: a segment read in chunks', () => {
  it('keeps a line spread over several chunks whole, multi-byte characters included, and reports a torn tail', async () => {
    const long = 'é'.repeat(5 * 1024 * 1024) // 10 MiB of two-byte characters: three 4 MiB chunks
    const path = join(tempDir(), 'x.jsonl')
    writeFileSync(path, `a\n${long}\nb\nc\npartial`)
    const r = await lines(path)
    expect(r.lines.map((l) => l.length)).toEqual([1, long.length, 1, 1])
    expect(r.lines[1] === long).toBe(true)
    expect(r.torn).toBe(7)
    expect(r.offset).toBe(Buffer.byteLength(`a\n${long}\nb\nc\n`))
  })

  it('reads from an offset up to a limit, and nothing past the limit', async () => {
    const path = join(tempDir(), 'y.jsonl')
    writeFileSync(path, 'one\ntwo\nthree\n')
    expect(await lines(path, { offset: 4, limit: 8 })).toEqual({ lines: ['two'], torn: 0, offset: 8 })
    expect(await lines(path, { limit: 6 })).toEqual({ lines: ['one'], torn: 2, offset: 4 })
  })
})
