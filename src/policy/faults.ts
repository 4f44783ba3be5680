/** @module policy/faults: zod issues on a policy file, explained as every operator-written file is (config/schema-faults), with the policy's own words. */
import type { core } from 'zod'
import { schemaFaults, schemasAt } from '../config/index.js'
import type { FaultHooks, ParsedYaml, SourceFault } from '../config/index.js'
import { ConditionSchema, NO_CONTENT, NO_OPERATOR, NO_POINTER, OPERATORS, PolicyFileSchema } from './schema.js'

type Locate = ParsedYaml<unknown>['fault']

function kindParam(issue: core.$ZodIssue): unknown {
  return issue.code === 'custom' ? (issue.params as { kind?: unknown } | undefined)?.kind : undefined
}

/**
 * A condition's unknown key is an operator (unless it was meant to be `pointer`); a missing
 * operator, pointer or content is said once, not again beside the misspelt key that meant it.
 */
const POLICY_HOOKS: FaultHooks = {
  unknownKey(path, _key, best) {
    if (!schemasAt(PolicyFileSchema, path).includes(ConditionSchema) || best === 'pointer') return undefined
    return { what: 'operator', expected: `operators: ${OPERATORS.join(', ')}` }
  },
  explain(issue, meant) {
    const kind = kindParam(issue)
    if (kind === NO_OPERATOR || kind === NO_POINTER) return meant(issue.path).length > 0 ? null : undefined
    if (kind === NO_CONTENT) return meant(issue.path).some((m) => m === 'rules' || m === 'tests') ? null : undefined
    return undefined
  },
}

/**
 * Explains every issue of one file at once, each where `yaml` saw it, sorted by position. One
 * mistake gives one fault: an unknown key that suggests a missing required key, operator or pointer
 * stands for that key's "missing" fault too.
 */
export function issueFaults(issues: readonly core.$ZodIssue[], locate: Locate): SourceFault[] {
  return schemaFaults(PolicyFileSchema, issues, locate, POLICY_HOOKS)
}
