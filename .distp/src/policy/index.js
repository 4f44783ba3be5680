/** @module policy: policy files (schema), compile, the pure decision, and the loader/store edge. */
export { PolicyFileSchema, RuleSchema, ConditionSchema, TestCaseSchema, OPERATORS, LEAF_OPERATORS, COMBINATORS, JSON_TYPES, } from './schema.js';
export { compilePolicy, sortFaults } from './compile.js';
export { evaluate, publicReason, rulesForTool } from './evaluate.js';
export { couldAllow } from './reachable.js';
export { replayDecision } from './replay.js';
export { pointerTokens, resolvePointer } from './json.js';
export { isCanonicalAbsolutePath, pathIsUnder, canonicalUrlHost, utf8ByteLength } from './matchers.js';
export { canonicalArguments } from './arguments.js';
export { runPolicyTests } from './test-runner.js';
export { loadPolicy, readPolicySources, policyFiles } from './load.js';
export { PolicyStore } from './store.js';
export { policyJsonSchema, renderPolicySchema } from './json-schema.js';
export { lintPolicy } from './lint.js';
export { lintContextOf, policyWarnings, readToolSchemaFile } from './lint-load.js';
export { policyCoverage } from './coverage.js';
export { closestName } from './suggest.js';
//# sourceMappingURL=index.js.map