/** @module policy/coverage: which rules and conditions a policy's tests exercised, in the spirit of `opa test --coverage`. */
import { isVerbatimError } from '../errors/index.js'
import { canonicalArguments } from './arguments.js'
import type { CompiledPolicy } from './compile.js'
import type { Check } from './conditions.js'
import { compileCondition } from './conditions.js'
import { rulesForTool } from './evaluate.js'
import type { JsonValue } from './json.js'
import { AMBIGUOUS, pointerTokens, resolveFolded, resolvePointer } from './json.js'
import { foldKey } from '../canonical/index.js'
import type { Condition, Operator, TestCase } from './schema.js'
import { OPERATORS } from './schema.js'
import type { Path } from './source.js'
import { parseSource } from './source.js'

/**
 * One rule or condition. A rule is exercised when some case matched it. A condition is exercised
 * when some case made it hold and some case made it fail: a condition that never failed in a test
 * is a restriction nobody has tested.
 */
export interface CoverageItem {
  readonly kind: 'rule' | 'condition'
  readonly file: string
  readonly line: number
  readonly col: number
  readonly rule: string
  /** e.g. "rule fs-read" or "fs-read when.0.anyOf.1 (/path pattern)". */
  readonly label: string
  /** Times it held (a rule: matched), and times it did not, over every case that reached it. */
  readonly held: number
  readonly failed: number
  readonly exercised: boolean
}

export interface PolicyCoverage {
  readonly items: readonly CoverageItem[]
  readonly exercised: number
  readonly total: number
  /** exercised / total × 100; 100 for a policy with no rules. */
  readonly percent: number
}

interface Node { readonly check: Check; readonly cond: Condition; readonly op: Operator; readonly kids: Node[]; held: number; failed: number; readonly at: { path: Path; label: string } }

const NO_FAULT = (): void => undefined

function nodeOf(cond: Condition, path: Path, rule: string, nodes: Node[]): Node {
  const op = OPERATORS.find((o) => cond[o] !== undefined) as Operator
  const kids: Node[] = []
  const node: Node = { check: compileCondition(cond, path, NO_FAULT), cond, op, kids, held: 0, failed: 0, at: { path, label: `${rule} ${path.map(String).join('.')} (${cond.pointer === undefined ? '' : `${cond.pointer || '""'} `}${op})` } }
  nodes.push(node)
  if (op === 'allOf' || op === 'anyOf') (cond[op] ?? []).forEach((c, i) => kids.push(nodeOf(c, [...path, op, i], rule, nodes)))
  if (op === 'not' || op === 'each' || op === 'some' || op === 'eachMember' || op === 'someMember') kids.push(nodeOf(cond[op] as Condition, [...path, op], rule, nodes))
  return node
}

/** Counts the node's outcome on `base`, then its children's on the values they see, whatever short-circuiting would skip. */
function visit(node: Node, base: JsonValue | undefined, root: JsonValue): boolean {
  const held = node.check.test(base, root) === 'held'
  if (held) node.held++
  else node.failed++
  const tokens = node.cond.pointer === undefined ? undefined : pointerTokens(node.cond.pointer)
  const found = tokens === undefined ? base : node.cond.ignoreKeyCase === true ? resolveFolded(base, tokens.map(foldKey), foldKey) : resolvePointer(base, tokens)
  const v = found === AMBIGUOUS ? undefined : found
  if (v !== undefined) {
    if (node.op === 'each' || node.op === 'some') {
      if (Array.isArray(v)) for (const e of v) visit(node.kids[0] as Node, e, root)
    } else if (node.op === 'eachMember' || node.op === 'someMember') {
      if (typeof v === 'object' && v !== null && !Array.isArray(v)) for (const [key, value] of Object.entries(v)) visit(node.kids[0] as Node, { key, value }, root)
    } else {
      for (const k of node.kids) visit(k, v, root)
    }
  }
  return held
}

/** Runs every case of the policy's tests: (bodies the gate refuses reach no rule) and counts what each reached. */
export function policyCoverage(policy: CompiledPolicy): PolicyCoverage {
  const rules = new Map<string, { top: Node[]; nodes: Node[]; held: number; failed: number; file: string; locate: (path: Path) => { line: number; col: number } }>()
  for (const src of policy.sources) {
    const p = parseSource(src)
    for (const { index, rule } of p.rules) {
      const nodes: Node[] = []
      const top = (rule.when ?? []).map((c, j) => nodeOf(c, ['when', j], rule.id, nodes))
      rules.set(rule.id, { top, nodes, held: 0, failed: 0, file: p.file, locate: (path) => {
        const f = p.fault(['rules', index, ...path], '')
        return { line: f.line, col: f.col }
      } })
    }
  }
  const encoder = new TextEncoder()
  for (const c of policy.tests.flatMap((t): readonly TestCase[] => t.cases)) {
    let value: JsonValue
    try {
      value = canonicalArguments(encoder.encode(c.raw ?? JSON.stringify(c.args))).value
    } catch (e) {
      if (isVerbatimError(e)) continue
      throw e
    }
    for (const r of rulesForTool(policy, c.tool)) {
      if (!r.allAgents && !r.agents.has(c.agent)) continue
      const entry = rules.get(r.id)
      if (entry === undefined) continue
      // Every top-level condition is visited, not only up to the first that fails.
      const matched = entry.top.map((n) => visit(n, value, value)).every(Boolean)
      if (matched) entry.held++
      else entry.failed++
    }
  }
  const items: CoverageItem[] = []
  for (const [id, e] of rules) {
    items.push({ kind: 'rule', file: e.file, ...e.locate([]), rule: id, label: `rule ${id}`, held: e.held, failed: e.failed, exercised: e.held > 0 })
    for (const n of e.nodes) {
      items.push({ kind: 'condition', file: e.file, ...e.locate(n.at.path), rule: id, label: n.at.label, held: n.held, failed: n.failed, exercised: n.held > 0 && n.failed > 0 })
    }
  }
  const exercised = items.filter((i) => i.exercised).length
  return { items, exercised, total: items.length, percent: items.length === 0 ? 100 : (exercised * 100) / items.length }
}
