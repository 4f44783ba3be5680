/** @module policy/test-runner: run the `tests:` cases of policy files against the compiled set. */
import { canonicalBytes } from '../canonical/index.js'
import { VerbatimError, isVerbatimError } from '../errors/index.js'
import type { CompiledPolicy } from './compile.js'
import type { Decision } from './evaluate.js'
import { evaluate } from './evaluate.js'
import type { JsonValue } from './json.js'
import type { TestCase } from './schema.js'

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
 * The args go through the same strict canonical core as a request body; a canonical rejection
 * is a deny with that error's code, and so are arguments that are not an object.
 */
export function runPolicyTests(policy: CompiledPolicy): CaseResult[] {
  const out: CaseResult[] = []
  for (const { file, cases } of policy.tests) {
    cases.forEach((c, index) => out.push(runCase(policy, file, index, c)))
  }
  return out
}

function runCase(policy: CompiledPolicy, file: string, index: number, c: TestCase): CaseResult {
  const name = c.name ?? `${c.agent} ${c.tool} ${JSON.stringify(c.args)}`
  const base = { file, index, name }
  let value: JsonValue
  try {
    const canonical = canonicalBytes(encoder.encode(JSON.stringify(c.args)))
    // The gate refuses non-object arguments before policy; a test case sees the same refusal.
    if (canonical.type !== 'object') throw new VerbatimError('ERR_INTAKE_NOT_OBJECT', `arguments must be a JSON object, not ${canonical.type}`)
    value = canonical.value as JsonValue
  } catch (e) {
    if (!isVerbatimError(e)) throw e
    const passed = c.decision === 'deny' && c.rule === undefined
    return { ...base, passed, detail: `${passed ? '' : `expected ${c.decision}, got `}deny (${e.code})` }
  }
  const d = evaluate(policy, { agent: c.agent, tool: c.tool, value })
  const got = describe(d)
  if (d.decision !== c.decision) return { ...base, passed: false, detail: `expected ${c.decision}, got ${got}` }
  if (c.rule !== undefined && !d.ruleIds.includes(c.rule)) {
    return { ...base, passed: false, detail: `expected rule ${c.rule}, got ${got}` }
  }
  return { ...base, passed: true, detail: got }
}

function describe(d: Decision): string {
  if (d.ruleIds.length > 0) return `${d.decision} by ${d.ruleIds.join(', ')}`
  return `${d.decision} (${d.code ?? 'no rule'})`
}
