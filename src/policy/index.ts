/** @module policy: policy files (schema), compile, the pure decision, and the loader/store edge. */
export {
  PolicyFileSchema, RuleSchema, ConditionSchema, TestCaseSchema, OPERATORS, LEAF_OPERATORS, COMBINATORS, JSON_TYPES,
} from './schema.js'
export type { PolicyFile, Rule, Condition, TestCase, Operator } from './schema.js'
export type { PolicySource, PolicyFault } from './source.js'
export { compilePolicy } from './compile.js'
export type { CompiledPolicy, CompiledRule, PolicyTests } from './compile.js'
export { evaluate, publicReason, rulesForTool } from './evaluate.js'
export type { Decision, Reason, PolicyRequest } from './evaluate.js'
export type { JsonValue } from './json.js'
export { isCanonicalAbsolutePath, pathIsUnder, canonicalUrlHost } from './matchers.js'
export { runPolicyTests } from './test-runner.js'
export type { CaseResult } from './test-runner.js'
export { loadPolicy, readPolicySources, policyFiles } from './load.js'
export { PolicyStore } from './store.js'
export type { PolicyStoreOptions, ReloadResult, WatchFolder } from './store.js'
export { policyJsonSchema, renderPolicySchema } from './json-schema.js'
