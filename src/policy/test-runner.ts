/** @module policy/test-runner: run the `tests:` cases of policy files against the compiled set. */
import { isVerbatimError } from '../errors/index.js'
import type { CanonicalArguments } from './arguments.js'
import { canonicalArguments } from './arguments.js'
import type { CompiledPolicy } from './compile.js'
import type { Decision } from './evaluate.js'
import { evaluate } from './evaluate.js'
import type { TestCase } from './schema.js'
import { parseSource } from './source.js'
import { closestName } from './suggest.js'
import { formatFault } from '../config/yaml-source.js'

export interface CaseResult {
  readonly file: string
  readonly index: number
  readonly name: string
  readonly passed: boolean
  /** What happened, e.g. "deny by secrets-deny" or "expected allow, got deny (ERR_POLICY_NO_MATCH)". */
  readonly detail: string
}

const encoder = new TextEncoder()

/**
 * Runs every case of every file against the whole compiled set (what the gate would serve).
 * The body (`raw` bytes, or `args` serialised) goes through canonicalArguments, the gate's own step
 * with the default strict-parse profile: a refusal there is a `reject` with its code, never a deny.
 */
export function runPolicyTests(policy: CompiledPolicy): CaseResult[] {
  const out: CaseResult[] = []
  for (const { file, cases, indexes } of policy.tests) {
    cases.forEach((c, i) => out.push(runCase(policy, file, indexes[i] ?? i, c)))
  }
  return out
}

/** Where `tests.<index>.rule` is in `file`: a rule id that names no rule is reported at its line. */
function ruleFault(policy: CompiledPolicy, file: string, index: number, rule: string): string {
  const src = policy.sources.find((s) => s.path === file)
  const best = closestName(rule, policy.rulesById.keys())
  const message = `tests.${index}.rule: no rule has the id '${rule}'${best === undefined ? '' : `; did you mean '${best}'?`}`
  return src === undefined ? message : formatFault(parseSource(src).fault(['tests', index, 'rule'], message))
}

function runCase(policy: CompiledPolicy, file: string, index: number, c: TestCase): CaseResult {
  const body = c.raw ?? JSON.stringify(c.args)
  const base = { file, index, name: c.name ?? `${c.agent} ${c.tool} ${body}` }
  if (c.rule !== undefined && !policy.rulesById.has(c.rule)) return { ...base, passed: false, detail: ruleFault(policy, file, index, c.rule) }
  const want = expected(c)
  let args: CanonicalArguments
  try {
    args = canonicalArguments(encoder.encode(body))
  } catch (e) {
    if (!isVerbatimError(e)) throw e
    const got = `reject (${e.code})`
    if (c.decision === 'reject' && c.code === e.code) return { ...base, passed: true, detail: got }
    const why = c.decision === 'reject' ? '' : `: the gate refuses this body before policy (${e.message})`
    return { ...base, passed: false, detail: `expected ${want}, got ${got}${why}` }
  }
  const d = evaluate(policy, { agent: c.agent, tool: c.tool, value: args.value })
  const got = describe(d)
  if (d.decision !== c.decision || (c.code !== undefined && d.code !== c.code)) {
    return { ...base, passed: false, detail: `expected ${want}, got ${got}` }
  }
  if (c.rule !== undefined && !d.ruleIds.includes(c.rule)) {
    return { ...base, passed: false, detail: `expected rule ${c.rule}, got ${got}` }
  }
  return { ...base, passed: true, detail: got }
}

function expected(c: TestCase): string {
  return c.code === undefined ? c.decision : `${c.decision} (${c.code})`
}

function describe(d: Decision): string {
  if (d.ruleIds.length > 0) return `${d.decision} by ${d.ruleIds.join(', ')}`
  return `${d.decision} (${d.code ?? 'no rule'})`
}
