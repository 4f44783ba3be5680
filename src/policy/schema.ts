/** @module policy/schema: the zod schema of a policy file, the single source of its types. */
import { RE2JS } from 're2js'
import { z } from 'zod'
import { EFFECT, EFFECTS } from './effects.js'
import { hostPatternProblem } from './matchers/hosts.js'
import { isCanonicalAbsolutePath, rootProblem } from './matchers/paths.js'
import { SHELL_CONSTRUCTS } from './matchers/shell-constructs.js'
import { SQL_STATEMENTS } from './matchers/sql-names.js'
import { TestCaseSchema } from './schema-tests.js'

export { DENY_CODES, TestCaseSchema } from './schema-tests.js'
export type { TestCase } from './schema-tests.js'

/** Operators that address one value by `pointer` (RFC 6901). */
export const LEAF_OPERATORS = [
  'equals', 'in', 'notIn', 'exists', 'absent', 'type', 'min', 'max', 'minLength', 'maxLength',
  'minBytes', 'maxBytes', 'maxItems', 'prefix', 'pattern', 'pathUnder', 'urlHost', 'url', 'shell', 'sql',
  'each', 'some', 'eachMember', 'someMember',
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
// Checked here, not at compile, so that they are reported with every other fault of the file at once.
const HostPattern = z.string().min(1).superRefine((h, ctx) => {
  const problem = hostPatternProblem(h)
  if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem })
})
const HostList = z.union([HostPattern, z.array(HostPattern).min(1)])
const Re2Pattern = z.string().superRefine((p, ctx) => {
  try {
    RE2JS.compile(p)
  } catch (e) {
    ctx.addIssue({ code: 'custom', message: `not a valid RE2 pattern: ${e instanceof Error ? e.message : String(e)}` })
  }
})
const CanonicalPath = z.string().refine(isCanonicalAbsolutePath, { error: (p) => `${JSON.stringify(p.input)} is not a canonical absolute path` })

/** `pathUnder` with several roots, relative values and case-insensitive file systems. */
export const PathSpecSchema = z.strictObject({
  roots: z.array(z.string()).min(1),
  relativeTo: PointerSchema.optional(),
  caseInsensitive: z.boolean().optional(),
}).superRefine((s, ctx) => {
  s.roots.forEach((r, i) => {
    const problem = rootProblem(r, s.caseInsensitive === true)
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem, path: ['roots', i] })
  })
})

/** Issue kinds that an unknown key in the same condition explains (a misspelt operator or pointer): one fault, not two. */
export const NO_OPERATOR = 'no-operator'
export const NO_POINTER = 'no-pointer'
export const NO_CONTENT = 'no-content'

export const ShellSpecSchema = z.strictObject({
  cwd: PointerSchema.optional(),
  allow: z.array(z.enum(SHELL_CONSTRUCTS)).optional(),
  get each(): z.ZodOptional<typeof ConditionSchema> { return ConditionSchema.optional() },
  get some(): z.ZodOptional<typeof ConditionSchema> { return ConditionSchema.optional() },
})

export const SqlSpecSchema = z.strictObject({
  dialect: z.literal('postgresql').optional(),
  readOnly: z.boolean().optional(),
  statements: z.array(z.enum(SQL_STATEMENTS)).min(1).optional(),
  tables: z.array(z.string().min(1)).optional(),
  schemas: z.array(z.string().min(1)).optional(),
  functions: z.array(z.string().min(1)).optional(),
})

const UrlHost = HostPattern.refine((h) => !/:\d+$/.test(h), 'a host without a port: list ports in ports')
export const UrlSpecSchema = z.strictObject({
  schemes: z.array(z.string().regex(/^[a-z][a-z0-9+.-]*$/, 'a URL scheme in lower case, e.g. https')).min(1).optional(),
  hosts: z.array(UrlHost).min(1),
  ports: z.array(z.int().min(1).max(65535)).min(1).optional(),
  get when(): z.ZodOptional<z.ZodArray<typeof ConditionSchema>> { return z.array(ConditionSchema).min(1).optional() },
})

/** One condition: `pointer` plus exactly one operator (checked below, and in the JSON Schema). */
export const ConditionSchema = z
  .strictObject({
    pointer: PointerSchema.optional(),
    ignoreKeyCase: z.literal(true).optional(),
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
    minBytes: z.int().nonnegative().optional(),
    maxBytes: z.int().nonnegative().optional(),
    maxItems: z.int().nonnegative().optional(),
    prefix: z.string().optional(),
    pattern: Re2Pattern.optional(),
    pathUnder: z.union([CanonicalPath, z.array(CanonicalPath).min(1), PathSpecSchema]).optional(),
    urlHost: HostList.optional(),
    get url(): z.ZodOptional<typeof UrlSpecSchema> { return UrlSpecSchema.optional() },
    get shell(): z.ZodOptional<typeof ShellSpecSchema> { return ShellSpecSchema.optional() },
    sql: SqlSpecSchema.optional(),
    get each(): z.ZodOptional<typeof ConditionSchema> { return ConditionSchema.optional() },
    get some(): z.ZodOptional<typeof ConditionSchema> { return ConditionSchema.optional() },
    get eachMember(): z.ZodOptional<typeof ConditionSchema> { return ConditionSchema.optional() },
    get someMember(): z.ZodOptional<typeof ConditionSchema> { return ConditionSchema.optional() },
    get allOf(): z.ZodOptional<z.ZodArray<typeof ConditionSchema>> { return z.array(ConditionSchema).min(1).optional() },
    get anyOf(): z.ZodOptional<z.ZodArray<typeof ConditionSchema>> { return z.array(ConditionSchema).min(1).optional() },
    get not(): z.ZodOptional<typeof ConditionSchema> { return ConditionSchema.optional() },
  })
  .superRefine((c, ctx) => {
    const ops = OPERATORS.filter((op) => c[op] !== undefined)
    if (ops.length !== 1) {
      const got = ops.length === 0 ? 'none' : ops.join(', ')
      ctx.addIssue({ code: 'custom', message: `expected exactly one operator (${OPERATORS.join(', ')}), got ${got}`, params: { kind: ops.length === 0 ? NO_OPERATOR : 'operators' } })
      return
    }
    const op = ops[0] as Operator
    if (c.pointer === undefined && !(COMBINATORS as readonly string[]).includes(op)) {
      ctx.addIssue({ code: 'custom', message: `expected a "pointer" for operator ${op}`, path: [], params: { kind: NO_POINTER } })
    }
  })

export type Condition = z.infer<typeof ConditionSchema>
export type ShellSpec = z.infer<typeof ShellSpecSchema>
export type UrlSpec = z.infer<typeof UrlSpecSchema>
export type PathSpec = z.infer<typeof PathSpecSchema>

// A tool name as intake admits it, an MCP name mcp:{server}/{method}[/{name}] (docs/mcp.md), or a
// prefix of either ending in "*" (a lone "*" covers every tool; a trailing "*" is always a prefix).
const TOOL_RE = /^(?:[a-z0-9][a-z0-9_.-]{0,127}|[a-z0-9_.-]{0,127}\*|mcp:[a-z0-9][a-z0-9_-]{0,63}\/[\x21-\x7e]{0,400}[\x21-\x29\x2b-\x7e]|mcp:[\x21-\x7e]{0,464}\*)$/
const ID_RE = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/
/** How a rule's `agents` names a group of the `groups:` section. */
export const GROUP_PREFIX = 'group:'

/** An ask rule's approval: who approves, how many of them, how long the approval stays valid, and what they are told. */
export const ApprovalSpecSchema = z.strictObject({
  group: z.string().regex(ID_RE, 'an approver group of verbatim.yaml approvals.groups'),
  approvers: z.int().min(1).max(5).default(1),
  validSeconds: z.int().min(30).max(86_400).default(900),
  reason: z.string().min(1).max(500).regex(/^[^\u0000-\u001f\u007f]*$/, 'one line of text, no control characters'),
})
export type ApprovalSpec = z.infer<typeof ApprovalSpecSchema>

export const RuleSchema = z.strictObject({
  id: z.string().regex(ID_RE, 'a rule id: letters, digits, _ . : -, starting with a letter or digit'),
  description: z.string().optional(),
  effect: z.enum(EFFECTS),
  agents: z.array(z.string().min(1)).min(1).describe('agent ids, "group:NAME" for a group, or "*" for every agent'),
  tools: z.array(z.string().regex(TOOL_RE, 'a tool name such as fs.read or mcp:fs/tools/call/read_file, or a prefix ending in * such as fs.* or mcp:fs/*')).min(1),
  when: z.array(ConditionSchema).optional().describe('conditions on the arguments; all must hold'),
  message: z.string().min(1).max(500).regex(/^[^\u0000-\u001f\u007f]*$/, 'one line of text, no control characters').optional()
    .describe('what a denied agent is told, in place of the conditions that held'),
  approval: ApprovalSpecSchema.optional().describe('an ask rule: the approver group, how many approve, how long the approval stays valid, the reason shown'),
}).superRefine((r, ctx) => {
  if (r.message !== undefined && !EFFECT[r.effect].takesMessage) {
    ctx.addIssue({ code: 'custom', message: `an ${r.effect} rule has no message: the agent is told why only when it is denied`, path: ['message'] })
  }
  if (r.approval !== undefined && !EFFECT[r.effect].takesApproval) {
    ctx.addIssue({ code: 'custom', message: `an ${r.effect} rule has no approval: only an ask rule waits for a person`, path: ['approval'] })
  }
  if (r.approval === undefined && EFFECT[r.effect].takesApproval) {
    ctx.addIssue({ code: 'custom', message: 'an ask rule needs approval: { group, reason } (and optionally approvers, validSeconds)', path: ['effect'] })
  }
})

export type Rule = z.infer<typeof RuleSchema>

const GroupName = z.string().regex(ID_RE, 'a group name: letters, digits, _ . : -, starting with a letter or digit')
const Member = z.string().min(1).refine((m) => m !== '*' && !m.startsWith(GROUP_PREFIX), 'an agent id: groups hold agents, not "*" or other groups')
/** `groups:` of a policy file: name → agent ids. */
export const GroupsSchema = z.record(GroupName, z.array(Member).min(1))

export const PolicyFileSchema = z
  .strictObject({
    $schema: z.string().optional(),
    version: z.literal(1).optional(),
    groups: GroupsSchema.optional(),
    // A file of tests only (cases for rules in other files) needs no `rules: []`.
    rules: z.array(RuleSchema).optional(),
    tests: z.array(TestCaseSchema).optional(),
  })
  .superRefine((f, ctx) => {
    if (f.rules === undefined && f.tests === undefined && f.groups === undefined) {
      ctx.addIssue({ code: 'custom', message: 'a policy file needs rules:, tests:, groups:, or several', params: { kind: NO_CONTENT } })
    }
  })

export type PolicyFile = z.infer<typeof PolicyFileSchema>
