/**
 * The doc-block harness, on small fixture docs (tests/docs/fixtures/): it refuses a block without
 * an annotation, runs every kind, and fails on every kind of broken example.
 */
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseAnnotation } from './annotation.js'
import { annotatedBlocks } from './doc-set.js'
import type { AnnotatedBlock } from './doc-set.js'
import { jobsOf, runJob } from './run-doc.js'
import { parseConsole } from './runners/console.js'
import { splitCommands } from './runners/sh.js'
import { typecheck } from './runners/ts.js'
import { matchesExpected, normalise } from './normalise.js'
import { Workspace } from './workspace.js'

const fixture = (name: string): { doc: string; text: string } => {
  const doc = `tests/docs/fixtures/${name}`
  return { doc, text: readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8') }
}

let workspace: Workspace
beforeAll(async () => {
  workspace = await Workspace.create()
})
afterAll(async () => {
  await workspace?.dispose()
})

describe('doc-block harness: annotations', () => {
  it('names every block without a valid annotation, with its line', () => {
    const { doc, text } = fixture('unannotated.md')
    const { blocks, faults } = annotatedBlocks(doc, text)
    expect(blocks.map((b) => b.line)).toEqual([4])
    expect(faults.map((f) => [f.line, f.message.split(/[(:]/)[0]?.trim()])).toEqual([
      [10, 'a ```sh block without a doc-test annotation on the line before it'],
      [14, "unknown kind 'shell'"],
      [19, "'none' needs a note that says why the block is not run"],
    ])
  })

  it('parses kinds, options, quoted values and notes, and refuses what it does not know', () => {
    expect(parseAnnotation('<!-- doc-test: ts session=a daemon ready="up on" check=guard-restart -->')).toEqual({
      kind: 'ts', options: { session: 'a', daemon: true, ready: 'up on', check: 'guard-restart' }, note: undefined,
    })
    expect(parseAnnotation('<!-- doc-test: none (output of a bench) -->').note).toBe('output of a bench')
    expect(() => parseAnnotation('<!-- doc-test: sh colour=blue -->')).toThrow(/takes no option 'colour'/)
    expect(() => parseAnnotation('<!-- doc-test: sh alternatives=yes -->')).toThrow(/takes no value/)
    expect(() => parseAnnotation('<!-- doc-test: js -->')).toThrow(/needs file=/)
  })
})

describe('doc-block harness: parsing blocks', () => {
  it('splits shell commands at lines, keeping continuations and heredocs whole', () => {
    expect(splitCommands('# c\na \\\n  b\n\ncat > f <<EOF\nx\nEOF\nc\n')).toEqual(['a \\\n  b', 'cat > f <<EOF\nx\nEOF', 'c'])
  })

  it('reads console steps, their output and a shown exit code', () => {
    expect(parseConsole('$ a\nout\n(exit 1)\n$ b \\\n  c\n')).toEqual([
      { command: 'a', expected: 'out', exit: 1 },
      { command: 'b \\\n  c', expected: '', exit: undefined },
    ])
  })

  it('normalises volatile values and matches … within one line', () => {
    const a = normalise('id 0b5e1c9a-3f2d-4c8e-9a61-2d7f4e8b1c35 at 2026-03-02T09:00:03.000Z  \r\n')
    expect(a).toBe('id <uuid> at <time>')
    expect(matchesExpected('digest: 5805ca59abc', 'digest: 5805ca59…')).toBe(true)
    expect(matchesExpected('a\nb', 'a…')).toBe(false)
    expect(normalise('{ "a": [1, 2] }', { json: true })).toBe('{"a":[1,2]}')
  })
})

describe('doc-block harness: running', () => {
  it('runs a passing example of every kind', async () => {
    const { doc, text } = fixture('working.md')
    const { blocks, faults } = annotatedBlocks(doc, text)
    expect(faults).toEqual([])
    expect((await typecheck(blocks.filter((b) => b.annotation.kind === 'ts'), workspace.root)).values().next().value).toEqual([])
    for (const job of jobsOf(doc, blocks)) await runJob(job, workspace)
  })

  it('fails on every broken example, saying where and why', async () => {
    const { doc, text } = fixture('broken.md')
    const { blocks, faults } = annotatedBlocks(doc, text)
    expect(faults).toEqual([])
    const errors: string[] = []
    for (const job of jobsOf(doc, blocks)) {
      errors.push(await runJob(job, workspace).then(() => 'passed', (e: Error) => e.message))
    }
    const expected: RegExp[] = [
      /:4 \(config\): .*unknown key 'colour'/s, // a config key the schema refuses
      /:14 \(policy\): FAIL #0 .*expected allow, got deny/s, // a policy test that fails
      /:20 \(policy\): .*needs a tests: section/s, // a policy example that tests nothing
      /:25 \(sh\): `bin\/verbatim keys generate --directory keys` exited 2/s, // a flag that does not exist
      /:30 \(sh\): gate exited \(2\) before it was ready.*no such file or directory/s, // a daemon that does not start
      /:35 \(sh\): \/etc\/passwd-doc-test: a doc command names a system path outside the mapped roots/s, // never writes outside the temp dir
      /:40 \(sh\): .*cannot hold the placeholder <kid>/s, // a placeholder a reader cannot paste
      /:45 \(console\): .*printed \(normalised\):\n\{"a":2,"b":1\}/s, // output that differs from the doc
      /:51 \(ts\): the snippet exited 1:.*ERR_CANONICAL_DUPLICATE_KEY/s, // a snippet that throws
      /:57 \(ts\): the snippet printed \(normalised\):\n2\n.*\n3/s, // a // => comment that lies
      /:62 \(usage\): verbatim policy check --help \(exit 0\) prints/s, // a synopsis the command does not print
      /:67 \(guard-config\): .*executor.*loopback/s, // a guard.yaml the loader refuses
      /:74 \(ts\): the snippet exited 1:.*canonicalBytez/s, // an API name that does not exist
    ]
    expect(errors.length).toBe(expected.length)
    errors.forEach((e, i) => expect(e).toMatch(expected[i] as RegExp))
  })

  it('reports a type error in a ts block at its doc line', async () => {
    const { doc, text } = fixture('broken.md')
    const ts = annotatedBlocks(doc, text).blocks.filter((b: AnnotatedBlock) => b.annotation.kind === 'ts')
    const all = [...(await typecheck(ts, workspace.root)).values()].flat()
    expect(all.some((d) => /broken\.md:75:\d+: TS2724?: .*canonicalBytez/.test(d))).toBe(true)
  })
})
