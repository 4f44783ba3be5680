/**
 * Runs every annotated block of README.md and the hand-written docs/ (see annotation.ts for the
 * kinds, session.ts for the substitutions, normalise.ts for how output is compared). Sessions run
 * concurrently, each in its own temp directory with its own free ports.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { annotatedBlocks, docFiles, readDoc } from './doc-set.js'
import type { AnnotatedBlock } from './doc-set.js'
import { jobsOf, runJob } from './run-doc.js'
import { typecheck } from './runners/ts.js'
import { Workspace } from './workspace.js'

const docs = docFiles().filter((d) => d.class === 'hand-written').map((d) => d.doc)
const blocksByDoc = new Map(docs.map((doc) => [doc, annotatedBlocks(doc, readDoc(doc)).blocks]))
const tsBlocks: AnnotatedBlock[] = [...blocksByDoc.values()].flat().filter((b) => b.annotation.kind === 'ts')

let workspace: Workspace
beforeAll(async () => {
  workspace = await Workspace.create()
})
afterAll(async () => {
  await workspace?.dispose()
})

// Every session and the type-check run concurrently: each has its own directory, shell and ports.
describe.concurrent('doc blocks', () => {
  it('every ts block type-checks against the package types (import from verbatim-proxy)', { timeout: 120_000 }, async () => {
    const diagnostics = await typecheck(tsBlocks, workspace.root)
    expect([...diagnostics.values()].flat()).toEqual([])
    expect(tsBlocks.length).toBeGreaterThan(0)
  })

  for (const doc of docs) {
    const jobs = jobsOf(doc, blocksByDoc.get(doc) ?? [])
    if (jobs.length === 0) continue
    describe(doc, () => {
      // A session starts real processes; on a loaded CI machine a few seconds each. No timing is asserted.
      it.each(jobs.map((j) => [j.name, j] as const))('%s', { timeout: 120_000 }, async (_name, job) => {
        await runJob(job, workspace)
      })
    })
  }
})
