/** @module tests/policy/helpers: build policies from inline YAML/objects for tests. */
import { stringify } from 'yaml'
import type { CompiledPolicy, Decision, JsonValue, PolicyFault } from '../../src/policy/index.js'
import { compilePolicy, evaluate } from '../../src/policy/index.js'
import { VerbatimError } from '../../src/errors/index.js'

export type RuleInput = Record<string, unknown>

/** A policy of the given rules, in one YAML file. */
export function policyOf(rules: RuleInput[], path = 'test.yaml'): CompiledPolicy {
  return compilePolicy([{ path, text: stringify({ rules }) }])
}

/** An allow rule for agent "a" and tool "t" with the given conditions. */
export function allowWhen(...when: RuleInput[]): CompiledPolicy {
  return policyOf([{ id: 'r', effect: 'allow', agents: ['a'], tools: ['t'], when }])
}

export function decide(policy: CompiledPolicy, value: JsonValue, tool = 't', agent = 'a'): Decision {
  return evaluate(policy, { agent, tool, value })
}

/** The faults compilePolicy reports, asserting it throws ERR_POLICY_INVALID (status 500). */
export function faultsOf(sources: { path: string; text: string }[]): PolicyFault[] {
  try {
    compilePolicy(sources)
  } catch (e) {
    if (!(e instanceof VerbatimError)) throw e
    if (e.code !== 'ERR_POLICY_INVALID' || e.status !== 500) throw e
    return e.detail?.faults as PolicyFault[]
  }
  throw new Error('expected ERR_POLICY_INVALID')
}
