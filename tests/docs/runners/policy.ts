/** @module tests/docs/runners/policy: a policy block is compiled, and its `tests:` cases run with the real runner. */
import { writeFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { parse } from 'yaml'
import { compilePolicy, loadPolicyParsers, readPolicySources, runPolicyTests } from '../../../src/policy/index.js'
import type { PolicySource } from '../../../src/policy/index.js'
import { opt } from '../annotation.js'
import type { AnnotatedBlock } from '../doc-set.js'
import { ROOT } from '../doc-set.js'
import type { Session } from '../session.js'

/**
 * The block is one policy file. With `with=DIR`, the repository's policy set DIR is loaded beside it
 * (cases run against the whole set, as `verbatim policy test` runs them), and the block may be a
 * `tests:` section alone, which is read as a file with no rules. The block must hold at least one
 * case, and every one must pass: an example that is not tested proves nothing.
 */
export async function runPolicy(block: AnnotatedBlock, session: Session | undefined, repo: string = ROOT): Promise<void> {
  const name = `${block.doc} (block at line ${block.line})`
  let text = block.text
  const tree = parse(text) as unknown
  const with_ = opt(block.annotation, 'with')
  if (with_ !== undefined && typeof tree === 'object' && tree !== null && !('rules' in tree)) text = `${text}rules: []\n`
  const sources: PolicySource[] = [{ path: name, text }]
  if (with_ !== undefined) sources.push(...(await readPolicySources([join(repo, with_)])))
  await loadPolicyParsers()
  const results = runPolicyTests(compilePolicy(sources)).filter((r) => r.file === name)
  if (results.length === 0) throw new Error(`${name}: a policy example needs a tests: section with at least one case`)
  const failed = results.filter((r) => !r.passed)
  if (failed.length > 0) throw new Error(failed.map((r) => `FAIL #${r.index} ${r.name}: ${r.detail}`).join('\n'))
  const file = opt(block.annotation, 'file')
  if (file !== undefined && session !== undefined) {
    const path = resolve(session.dir, session.mapIn(file))
    await session.ensureDir(dirname(path))
    await writeFile(path, block.text)
  }
}
