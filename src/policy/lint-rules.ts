/**
 * @module policy/lint-rules: unsafe and dead policy, found by reasoning over the rules themselves:
 * contradictions and empty ranges in a rule, an allow that a deny always overrides, a rule that
 * another already covers, text tests on paths and URLs, host patterns that never decide. Exact
 * where the domain is finite or ordered (lint-facts); what it cannot decide it counts as not checked.
 */
import type { Effect } from './effects.js'
import { EFFECT } from './effects.js'
import { collectGroups, expandAgents } from './groups.js'
import type { Facts, Flat } from './lint-facts.js'
import { contradiction, factsOf, flatten, implied } from './lint-facts.js'
import { misusedText, shadowedHosts } from './lint-text.js'
import type { ToolSchema } from './lint.js'
import type { Path, PolicyFault, PolicySource } from './source.js'
import { parseSource } from './source.js'
import type { Rule } from './schema.js'

/** What the semantic lint found, and how much it could not decide. */
export interface RuleLint {
  readonly faults: PolicyFault[]
  /** Conditions with no exact reading (pattern, shell, sql, url, urlHost, each, some, anyOf, not, …). */
  readonly opaqueConditions: number
  /** Pairs of rules on shared tools whose overlap depends on such a condition: not decided either way. */
  readonly undecidedPairs: number
}

interface Entry {
  readonly rule: Rule
  readonly effect: Effect
  readonly agents: ReadonlySet<string>
  readonly flat: Flat[]
  readonly facts: Map<string, Facts>
  readonly where: string
  readonly fault: (path: Path, message: string) => PolicyFault
  readonly dead: boolean
}

const MAX_CANDIDATES = 256

/** Tools of `a` all covered by the patterns of `b`. */
function toolsCovered(a: readonly string[], b: readonly string[]): boolean {
  return a.every((t) => b.some((p) => (p.endsWith('*') ? t.startsWith(p.slice(0, -1)) : p === t)))
}

function agentsCovered(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (b.has('*')) return true
  return !a.has('*') && [...a].every((x) => b.has(x))
}

/** Whether `x`'s conditions imply all of `y`'s: proved, not proved, or undecided. */
function covers(x: Entry, y: Entry): 'proved' | 'not-proved' | 'undecided' {
  let undecided = false
  for (const c of y.flat) {
    const r = implied(x.facts, x.flat, c)
    if (r === 'not-proved') return 'not-proved'
    if (r === 'opaque') undecided = true
  }
  return undecided ? 'undecided' : 'proved'
}

/**
 * Lints the rules of every source that loads on its own. Pure: the same sources give the same
 * findings. `tools` (input schemas) add what a schema says of a pointer (format: uri).
 * @example lintRules(policy.sources).faults.map(formatFault)
 */
export function lintRules(sources: readonly PolicySource[], tools: readonly ToolSchema[] = []): RuleLint {
  const parsed = sources.map((s) => parseSource(s))
  const groups = collectGroups(parsed, [])
  const entries: Entry[] = []
  const faults: PolicyFault[] = []
  let opaque = 0
  for (const p of parsed) {
    for (const { index, rule } of p.rules) {
      const at = (path: Path, message: string): PolicyFault => p.fault(['rules', index, ...path], `${['rules', index, ...path].map(String).join('.')}: ${message}`)
      const flat = flatten(rule.when ?? [], ['when'])
      opaque += flat.filter((f) => !f.exact).length
      const facts = factsOf(flat)
      let dead = false
      for (const [pointer, x] of facts) {
        const c = contradiction(pointer, x)
        if (c === undefined) continue
        dead = true
        faults.push(at([...c.at.path, c.at.op], `${c.message}: rule ${rule.id} can never match; fix or remove the condition`))
      }
      for (const m of [...misusedText(flat, tools, rule.tools), ...shadowedHosts(flat)]) faults.push(at(m.path, m.message))
      const agents = new Set(expandAgents(rule, groups, () => undefined))
      entries.push({ rule, effect: rule.effect, agents, flat, facts, where: `${p.file}:${p.fault(['rules', index], '').line}`, fault: (path, message) => at(path, message), dead })
    }
  }
  const undecided = new Set<string>()
  const byTool = new Map<string, Entry[]>()
  for (const e of entries) for (const t of e.rule.tools) byTool.set(t, [...(byTool.get(t) ?? []), e])
  const prefixes = [...byTool.keys()].filter((t) => t.endsWith('*'))
  for (const x of entries) {
    if (x.dead) continue
    // Rules that could cover x: the same exact names, and prefix patterns that cover one of its tools.
    const candidates = new Set<Entry>()
    for (const t of x.rule.tools) {
      for (const e of byTool.get(t) ?? []) candidates.add(e)
      const name = t.endsWith('*') ? t.slice(0, -1) : t
      for (const q of prefixes) if (name.startsWith(q.slice(0, -1))) for (const e of byTool.get(q) ?? []) candidates.add(e)
    }
    let n = 0
    for (const y of candidates) {
      if (y === x || y.dead || ++n > MAX_CANDIDATES) continue
      if (!toolsCovered(x.rule.tools, y.rule.tools) || !agentsCovered(x.agents, y.agents)) continue
      const r = covers(x, y)
      if (r === 'undecided') { undecided.add([x.rule.id, y.rule.id].sort().join('\u0000')); continue }
      if (r === 'not-proved') continue
      if (EFFECT[y.effect].rank < EFFECT[x.effect].rank) {
        faults.push(x.fault([], `${x.effect} rule ${x.rule.id} can never ${x.effect}: ${y.effect} rule ${y.rule.id} (${y.where}) matches every call it matches; narrow ${y.rule.id} or remove ${x.rule.id}`))
        break
      } else if (x.effect === y.effect && (covers(y, x) !== 'proved' || entries.indexOf(y) < entries.indexOf(x))) {
        // Two rules that match the same calls: the later one is reported.
        faults.push(x.fault([], `rule ${x.rule.id} adds nothing: ${y.effect} rule ${y.rule.id} (${y.where}) already matches every call it matches; remove ${x.rule.id} or merge the two`))
        break
      }
    }
  }
  return { faults, opaqueConditions: opaque, undecidedPairs: undecided.size }
}
