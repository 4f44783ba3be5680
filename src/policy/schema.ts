/** @module policy/schema: the zod schema of a policy file, the single source of its types. */
import { z } from 'zod'

/** Leaf operators: each addresses one value by `pointer` (RFC 6901). */
export const LEAF_OPERATORS = [
  'equals', 'in', 'notIn', 'exists', 'absent', 'type', 'min', 'max', 'minLength', 'maxLength',
  'maxItems', 'prefix', 'pattern', 'pathUnder', 'urlHost', 'each',
] as const
/** Combinators: `pointer` is optional; when given, nested pointers are relative to it. */
export const COMBINATORS = ['allOf', 'anyOf', 'not'] as const
export const OPERATORS = [...LEAF_OPERATORS, ...COMBINATORS] as const
export type Operator = (typeof OPERATORS)[number]

export const JSON_TYPES = ['string', 'number', 'integer', 'boolean', 'object', 'array', 'null'] as const

// RFC 6901 §3: "" or a sequence of "/" reference-token, where "~" is followed by 0 or 1.
const POINTER_RE = /^(?:\/(?:[^~/]|~[01])*)*$/
export const PointerSchema = z.string().regex(POINTER_RE, 'a JSON Pointer (RFC 6901): "" or "/a/0", with ~0 for ~ and ~1 for /')

/** Any JSON value (RFC 8259); YAML-only values such as .nan or .inf are refused. */
export const JsonValueSchema = z.json()
const HostList = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)])

/** One condition: `pointer` plus exactly one operator (checked below, and in the JSON Schema). */
export const ConditionSchema = z
  .strictObject({
    pointer: PointerSchema.optional(),
    equals: JsonValueSchema.optional(),
    in: z.array(JsonValueSchema).min(1).optional(),
    notIn: z.array(JsonValueSchema).min(1).optional(),
    exists: z.literal(true).optional(),
    absent: z.literal(true).optional(),
    type: z.enum(JSON_TYPES).optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    minLength: z.int().nonnegative().optional(),
    maxLength: z.int().nonnegative().optional(),
    maxItems: z.int().nonnegative().optional(),
    prefix: z.string().optional(),
    pattern: z.string().optional(),
    pathUnder: z.string().optional(),
    urlHost: HostList.optional(),
    get each(): z.ZodOptional<typeof ConditionSchema> {
      return ConditionSchema.optional()
    },
    get allOf(): z.ZodOptional<z.ZodArray<typeof ConditionSchema>> {
      return z.array(ConditionSchema).min(1).optional()
    },
    get anyOf(): z.ZodOptional<z.ZodArray<typeof ConditionSchema>> {
      return z.array(ConditionSchema).min(1).optional()
    },
    get not(): z.ZodOptional<typeof ConditionSchema> {
      return ConditionSchema.optional()
    },
  })
  .superRefine((c, ctx) => {
    const ops = OPERATORS.filter((op) => c[op] !== undefined)
    if (ops.length !== 1) {
      const got = ops.length === 0 ? 'none' : ops.join(', ')
      ctx.addIssue({ code: 'custom', message: `expected exactly one operator (${OPERATORS.join(', ')}), got ${got}` })
      return
    }
    const op = ops[0] as Operator
    if (c.pointer === undefined && !(COMBINATORS as readonly string[]).includes(op)) {
      ctx.addIssue({ code: 'custom', message: `expected a "pointer" for operator ${op}`, path: [] })
    }
  })

export type Condition = z.infer<typeof ConditionSchema>

// A tool name as intake admits it, or a prefix ending in "*" (a lone "*" covers every tool).
const TOOL_RE = /^(?:[a-z0-9][a-z0-9_.-]{0,127}|[a-z0-9_.-]{0,127}\*)$/
const ID_RE = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/

export const RuleSchema = z.strictObject({
  id: z.string().regex(ID_RE, 'a rule id: letters, digits, _ . : -, starting with a letter or digit'),
  description: z.string().optional(),
  effect: z.enum(['allow', 'deny']),
  agents: z.array(z.string().min(1)).min(1).describe('agent ids, or "*" for every agent'),
  tools: z.array(z.string().regex(TOOL_RE, 'a tool name such as fs.read, or a prefix ending in * such as fs.*')).min(1),
  when: z.array(ConditionSchema).optional().describe('conditions on the arguments; all must hold'),
})

export type Rule = z.infer<typeof RuleSchema>

export const TestCaseSchema = z.strictObject({
  name: z.string().optional(),
  agent: z.string().min(1),
  tool: z.string().min(1),
  args: JsonValueSchema,
  decision: z.enum(['allow', 'deny']),
  rule: z.string().optional().describe('a rule id expected among the decision\'s ruleIds'),
})

export type TestCase = z.infer<typeof TestCaseSchema>

export const PolicyFileSchema = z.strictObject({
  $schema: z.string().optional(),
  version: z.literal(1).optional(),
  rules: z.array(RuleSchema),
  tests: z.array(TestCaseSchema).optional(),
})

export type PolicyFile = z.infer<typeof PolicyFileSchema>
