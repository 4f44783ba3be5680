/** @module policy/json-schema: the JSON Schema of a policy file, generated from the zod schema. */
import { z } from 'zod'
import type { Condition, PathSpec, PolicyFile, Rule, ShellSpec, TestCase, UrlSpec } from './schema.js'
import {
  COMBINATORS, ConditionSchema, DENY_CODES, JsonValueSchema, LEAF_OPERATORS, PathSpecSchema, PolicyFileSchema, RuleSchema, ShellSpecSchema,
  SqlSpecSchema, TestCaseSchema, UrlSpecSchema,
} from './schema.js'
import type { KeyDoc } from './schema-docs.js'
import { CONDITION_DOCS, FILE_DOCS, PATH_DOCS, RULE_DOCS, SHELL_DOCS, SQL_DOCS, TEST_DOCS, URL_DOCS } from './schema-docs.js'
import type { SqlSpec } from './matchers/sql.js'

const SCHEMA_ID = 'https://verbatim.dev/schemas/policy.schema.json'

// The compiler checks that every key of each object has its hover text.
const DOCS = new Map<unknown, Record<string, KeyDoc>>([
  [PolicyFileSchema, FILE_DOCS satisfies Record<keyof PolicyFile, KeyDoc>],
  [RuleSchema, RULE_DOCS satisfies Record<keyof Rule, KeyDoc>],
  [ConditionSchema, CONDITION_DOCS satisfies Record<keyof Condition, KeyDoc>],
  [TestCaseSchema, TEST_DOCS satisfies Record<keyof TestCase, KeyDoc>],
  [PathSpecSchema, PATH_DOCS satisfies Record<keyof PathSpec, KeyDoc>],
  [ShellSpecSchema, SHELL_DOCS satisfies Record<keyof ShellSpec, KeyDoc>],
  [SqlSpecSchema, SQL_DOCS satisfies Record<keyof SqlSpec, KeyDoc>],
  [UrlSpecSchema, URL_DOCS satisfies Record<keyof UrlSpec, KeyDoc>],
])

/** Puts each key's description and examples on its property, where editors show them on hover. */
function describeKeys(json: Record<string, unknown>, docs: Record<string, KeyDoc>): void {
  const props = (json.properties ?? {}) as Record<string, Record<string, unknown>>
  for (const [key, prop] of Object.entries(props)) {
    const doc = docs[key]
    if (doc === undefined) continue
    prop.description = doc.description
    prop.examples = doc.examples
  }
}

/**
 * JSON Schema (draft 2020-12) for policy files, for editors to complete and check.
 * The zod refinements are added by hand: "exactly one operator" as a `oneOf` on the Condition, and
 * "args or raw" and the decision/code pairing on the TestCase.
 * @example verbatim policy schema > docs/policy.schema.json
 */
export function policyJsonSchema(): Record<string, unknown> {
  const registry = z.registry<{ id: string; description?: string }>()
  registry.add(JsonValueSchema, { id: 'Json', description: 'Any JSON value.' })
  registry.add(ConditionSchema, { id: 'Condition', description: 'A JSON Pointer (RFC 6901) and exactly one operator.' })
  registry.add(TestCaseSchema, { id: 'TestCase', description: 'One case of tests: the body as args or raw, and the expected decision.' })
  registry.add(ShellSpecSchema, { id: 'Shell', description: 'A shell command string, read by bash and a POSIX sh parser (mvdan/sh); docs/policy.md, "shell".' })
  registry.add(SqlSpecSchema, { id: 'Sql', description: 'A PostgreSQL statement, read by PostgreSQL\'s own parser; docs/policy.md, "sql".' })
  registry.add(UrlSpecSchema, { id: 'Url', description: 'A URL, read by the WHATWG URL parser; docs/policy.md, "url".' })
  registry.add(PathSpecSchema, { id: 'PathUnder', description: 'Roots, a pointer to the folder relative values are in, and case-insensitivity; docs/policy.md, "pathUnder".' })
  const schema = z.toJSONSchema(PolicyFileSchema, {
    metadata: registry,
    io: 'input',
    unrepresentable: 'any',
    override: (ctx) => {
      const docs = DOCS.get(ctx.zodSchema)
      if (docs !== undefined) describeKeys(ctx.jsonSchema as Record<string, unknown>, docs)
      if (ctx.zodSchema === PolicyFileSchema) ctx.jsonSchema.anyOf = [{ required: ['rules'] }, { required: ['tests'] }, { required: ['groups'] }]
      if (ctx.zodSchema === ConditionSchema) {
        ctx.jsonSchema.oneOf = [
          ...LEAF_OPERATORS.map((op) => ({ required: ['pointer', op] })),
          ...COMBINATORS.map((op) => ({ required: [op] })),
        ]
      }
      if (ctx.zodSchema === TestCaseSchema) {
        ctx.jsonSchema.oneOf = [{ required: ['args'] }, { required: ['raw'] }]
        ctx.jsonSchema.allOf = [
          { if: { properties: { decision: { const: 'reject' } } }, then: { required: ['code'], not: { required: ['rule'] } } },
          { if: { properties: { decision: { const: 'allow' } } }, then: { not: { required: ['code'] } } },
          { if: { properties: { decision: { const: 'ask' } } }, then: { not: { required: ['code'] } } },
          { if: { properties: { decision: { const: 'deny' } } }, then: { properties: { code: { enum: [...DENY_CODES] } } } },
        ]
      }
    },
  }) as Record<string, unknown>
  return { $schema: schema.$schema, $id: SCHEMA_ID, title: 'Verbatim policy file', ...schema }
}

/** The committed text of docs/policy.schema.json; a test keeps the file in step. */
export function renderPolicySchema(): string {
  return JSON.stringify(policyJsonSchema(), null, 2) + '\n'
}
