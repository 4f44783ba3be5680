/** @module policy/json-schema: the JSON Schema of a policy file, generated from the zod schema. */
import { z } from 'zod';
import { COMBINATORS, ConditionSchema, DENY_CODES, JsonValueSchema, LEAF_OPERATORS, PolicyFileSchema, RuleSchema, TestCaseSchema } from './schema.js';
import { CONDITION_DOCS, FILE_DOCS, RULE_DOCS, TEST_DOCS } from './schema-docs.js';
const SCHEMA_ID = 'https://verbatim.dev/schemas/policy.schema.json';
// The compiler checks that every key of each object has its hover text.
const DOCS = new Map([
    [PolicyFileSchema, FILE_DOCS],
    [RuleSchema, RULE_DOCS],
    [ConditionSchema, CONDITION_DOCS],
    [TestCaseSchema, TEST_DOCS],
]);
/** Puts each key's description and examples on its property, where editors show them on hover. */
function describeKeys(json, docs) {
    const props = (json.properties ?? {});
    for (const [key, prop] of Object.entries(props)) {
        const doc = docs[key];
        if (doc === undefined)
            continue;
        prop.description = doc.description;
        prop.examples = doc.examples;
    }
}
/**
 * JSON Schema (draft 2020-12) for policy files, for editors to complete and check.
 * The zod refinements are added by hand: "exactly one operator" as a `oneOf` on the Condition, and
 * "args or raw" and the decision/code pairing on the TestCase.
 * @example verbatim policy schema > docs/policy.schema.json
 */
export function policyJsonSchema() {
    const registry = z.registry();
    registry.add(JsonValueSchema, { id: 'Json', description: 'Any JSON value.' });
    registry.add(ConditionSchema, { id: 'Condition', description: 'A JSON Pointer (RFC 6901) and exactly one operator.' });
    registry.add(TestCaseSchema, { id: 'TestCase', description: 'One case of tests: the body as args or raw, and the expected decision.' });
    const schema = z.toJSONSchema(PolicyFileSchema, {
        metadata: registry,
        io: 'input',
        unrepresentable: 'any',
        override: (ctx) => {
            const docs = DOCS.get(ctx.zodSchema);
            if (docs !== undefined)
                describeKeys(ctx.jsonSchema, docs);
            if (ctx.zodSchema === PolicyFileSchema)
                ctx.jsonSchema.anyOf = [{ required: ['rules'] }, { required: ['tests'] }];
            if (ctx.zodSchema === ConditionSchema) {
                ctx.jsonSchema.oneOf = [
                    ...LEAF_OPERATORS.map((op) => ({ required: ['pointer', op] })),
                    ...COMBINATORS.map((op) => ({ required: [op] })),
                ];
            }
            if (ctx.zodSchema === TestCaseSchema) {
                ctx.jsonSchema.oneOf = [{ required: ['args'] }, { required: ['raw'] }];
                ctx.jsonSchema.allOf = [
                    { if: { properties: { decision: { const: 'reject' } } }, then: { required: ['code'], not: { required: ['rule'] } } },
                    { if: { properties: { decision: { const: 'allow' } } }, then: { not: { required: ['code'] } } },
                    { if: { properties: { decision: { const: 'deny' } } }, then: { properties: { code: { enum: [...DENY_CODES] } } } },
                ];
            }
        },
    });
    return { $schema: schema.$schema, $id: SCHEMA_ID, title: 'Verbatim policy file', ...schema };
}
/** The committed text of docs/policy.schema.json; a test keeps the file in step. */
export function renderPolicySchema() {
    return JSON.stringify(policyJsonSchema(), null, 2) + '\n';
}
//# sourceMappingURL=json-schema.js.map