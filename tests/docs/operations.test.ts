/**
 * docs/operations.md against running processes: every metric its tables and alert rules name is
 * exported by a real gate or guard, every metric they export is in a table, and the alert rules
 * parse, each with an expression that names only such metrics.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { startStack } from '../helpers/stack.js'
import type { Stack } from '../helpers/stack.js'
import { annotatedBlocks, readDoc } from './doc-set.js'

const DOC = 'docs/operations.md'
// prom-client's process and runtime metrics: documented as a family, not one by one.
const RUNTIME = /^verbatim_(guard_)?(process_|nodejs_)/
const base = (name: string): string => name.replace(/_(bucket|sum|count)$/, '')

let s: Stack
let exported: Set<string>
beforeAll(async () => {
  s = await startStack()
  await s.call('t.run', '{"n":1}')
  const texts = await Promise.all([s.gate.url, s.guard.url].map(async (u) => (await fetch(`${u}/metrics`)).text()))
  exported = new Set(texts.flatMap((t) => [...t.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1] as string)))
})
afterAll(async () => s?.close())

describe('docs/operations.md', () => {
  const text = readDoc(DOC)

  it('names only metrics that a running gate or guard exports', () => {
    // A name ending in _ is a prefix the doc names (verbatim_guard_), not a metric.
    const named = new Set([...text.matchAll(/\bverbatim_[a-z0-9_]*[a-z0-9]\b(?!_)/g)].map((m) => base(m[0])))
    expect(named.size).toBeGreaterThan(15)
    expect([...named].filter((n) => !exported.has(n))).toEqual([])
  })

  it('has every metric they export in a table (runtime metrics as a family)', () => {
    const rows = new Set([...text.matchAll(/^\| `(verbatim_[a-z0-9_]+)` \|/gm)].map((m) => m[1] as string))
    expect([...exported].filter((n) => !RUNTIME.test(n) && !rows.has(n)).sort()).toEqual([])
  })

  it('alert rules parse, each with a name and an expression over exported metrics only', () => {
    const { blocks } = annotatedBlocks(DOC, text)
    const yamlBlocks = blocks.filter((b) => b.info === 'yaml')
    expect(yamlBlocks).toHaveLength(1)
    const rules = (parse(yamlBlocks[0]?.text ?? '') as { groups: Array<{ name: string; rules: Array<{ alert: string; expr: string }> }> }).groups.flatMap((g) => g.rules)
    expect(rules.length).toBeGreaterThanOrEqual(8)
    for (const r of rules) {
      expect(r.alert).toMatch(/^Verbatim[A-Z]\w+$/)
      const metrics = [...r.expr.matchAll(/\bverbatim_[a-z0-9_]+\b/g)].map((m) => base(m[0]))
      expect(metrics.length, r.alert).toBeGreaterThan(0)
      for (const m of metrics) expect(exported.has(m), `${r.alert}: ${m}`).toBe(true)
    }
  })
})
