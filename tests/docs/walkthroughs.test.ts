/**
 * The walkthroughs a reader follows one after the other on one machine keep out of each other's
 * files (issue 18 item 5): README.md's deployment and docs/mcp.md's name no path in common under
 * /etc/verbatim and /var/lib/verbatim, and neither writes inside a directory the other's gate reads.
 */
import { describe, expect, it } from 'vitest'
import { annotatedBlocks, readDoc } from './doc-set.js'
import { MAPPED_ROOTS } from './session.js'

const RUNNABLE = new Set(['sh', 'console', 'config', 'guard-config'])

/** Every absolute path under the mapped roots that a doc's runnable blocks name. */
function paths(doc: string): string[] {
  const out = new Set<string>()
  for (const b of annotatedBlocks(doc, readDoc(doc)).blocks) {
    if (!RUNNABLE.has(b.annotation.kind)) continue
    for (const root of MAPPED_ROOTS) {
      for (const m of b.text.matchAll(new RegExp(`${root}(?:/[A-Za-z0-9_.<>-]+)*`, 'g'))) out.add(m[0].replace(/\/$/, ''))
    }
  }
  return [...out].sort()
}

/** True when one path is the other, or lies inside it. */
const overlaps = (a: string, b: string): boolean => a === b || a.startsWith(`${b}/`) || b.startsWith(`${a}/`)

describe('walkthroughs on one machine', () => {
  const readme = paths('README.md')
  const mcp = paths('docs/mcp.md')

  it('README.md and docs/mcp.md name no path in common, and none inside another', () => {
    // Before: both wrote /etc/verbatim/policies, keys, guard-keys and verbatim.yaml, and the MCP
    // gate started with the README's policies beside its own (13 warning lines).
    expect(readme.length).toBeGreaterThan(5)
    expect(mcp.length).toBeGreaterThan(5)
    expect(readme.flatMap((a) => mcp.filter((b) => overlaps(a, b)).map((b) => `${a} ~ ${b}`))).toEqual([])
  })

  it('tells overlapping paths apart from neighbours', () => {
    expect(overlaps('/etc/verbatim/policies', '/etc/verbatim/policies/mcp.yaml')).toBe(true)
    expect(overlaps('/etc/verbatim/mcp/keys', '/etc/verbatim/keys')).toBe(false)
  })
})
