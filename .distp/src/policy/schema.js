/** @module policy/schema: the zod schema of a policy file, the single source of its types. */
import { RE2JS } from 're2js';
import { z } from 'zod';
import { isErrorCode } from '../errors/index.js';
import { isCanonicalAbsolutePath, isCanonicalHost } from './matchers.js';
/** Leaf operators: each addresses one value by `pointer` (RFC 6901). */
export const LEAF_OPERATORS = [
    'equals', 'in', 'notIn', 'exists', 'absent', 'type', 'min', 'max', 'minLength', 'maxLength',
    'minBytes', 'maxBytes', 'maxItems', 'prefix', 'pattern', 'pathUnder', 'urlHost', 'each',
];
/** Combinators: `pointer` is optional; when given, nested pointers are relative to it. */
export const COMBINATORS = ['allOf', 'anyOf', 'not'];
export const OPERATORS = [...LEAF_OPERATORS, ...COMBINATORS];
export const JSON_TYPES = ['string', 'number', 'integer', 'boolean', 'object', 'array', 'null'];
// RFC 6901 §3: "" or a sequence of "/" reference-token, where "~" is followed by 0 or 1.
const POINTER_RE = /^(?:\/(?:[^~/]|~[01])*)*$/;
export const PointerSchema = z.string().regex(POINTER_RE, 'a JSON Pointer (RFC 6901): "" or "/a/0", with ~0 for ~ and ~1 for /');
/** Any JSON value (RFC 8259); YAML-only values such as .nan or .inf are refused. */
export const JsonValueSchema = z.json();
// Checked here, not at compile, so that they are reported with every other fault of the file at once.
const Host = z.string().min(1).refine(isCanonicalHost, { error: (h) => `${JSON.stringify(h.input)} is not a host as a canonical URL spells it (lowercase, no port 443, no userinfo)` });
const HostList = z.union([Host, z.array(Host).min(1)]);
const Re2Pattern = z.string().superRefine((p, ctx) => {
    try {
        RE2JS.compile(p);
    }
    catch (e) {
        ctx.addIssue({ code: 'custom', message: `not a valid RE2 pattern: ${e instanceof Error ? e.message : String(e)}` });
    }
});
const CanonicalPath = z.string().refine(isCanonicalAbsolutePath, { error: (p) => `${JSON.stringify(p.input)} is not a canonical absolute path` });
/** Issue kinds that an unknown key in the same condition explains (a misspelt operator or pointer): one fault, not two. */
export const NO_OPERATOR = 'no-operator';
export const NO_POINTER = 'no-pointer';
export const NO_CONTENT = 'no-content';
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
    minBytes: z.int().nonnegative().optional(),
    maxBytes: z.int().nonnegative().optional(),
    maxItems: z.int().nonnegative().optional(),
    prefix: z.string().optional(),
    pattern: Re2Pattern.optional(),
    pathUnder: CanonicalPath.optional(),
    urlHost: HostList.optional(),
    get each() {
        return ConditionSchema.optional();
    },
    get allOf() {
        return z.array(ConditionSchema).min(1).optional();
    },
    get anyOf() {
        return z.array(ConditionSchema).min(1).optional();
    },
    get not() {
        return ConditionSchema.optional();
    },
})
    .superRefine((c, ctx) => {
    const ops = OPERATORS.filter((op) => c[op] !== undefined);
    if (ops.length !== 1) {
        const got = ops.length === 0 ? 'none' : ops.join(', ');
        ctx.addIssue({ code: 'custom', message: `expected exactly one operator (${OPERATORS.join(', ')}), got ${got}`, params: { kind: ops.length === 0 ? NO_OPERATOR : 'operators' } });
        return;
    }
    const op = ops[0];
    if (c.pointer === undefined && !COMBINATORS.includes(op)) {
        ctx.addIssue({ code: 'custom', message: `expected a "pointer" for operator ${op}`, path: [], params: { kind: NO_POINTER } });
    }
});
// A tool name as intake admits it, an MCP name mcp:{server}/{method}[/{name}] (docs/mcp.md), or a
// prefix of either ending in "*" (a lone "*" covers every tool; a trailing "*" is always a prefix).
const TOOL_RE = /^(?:[a-z0-9][a-z0-9_.-]{0,127}|[a-z0-9_.-]{0,127}\*|mcp:[a-z0-9][a-z0-9_-]{0,63}\/[\x21-\x7e]{0,400}[\x21-\x29\x2b-\x7e]|mcp:[\x21-\x7e]{0,464}\*)$/;
const ID_RE = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;
export const RuleSchema = z.strictObject({
    id: z.string().regex(ID_RE, 'a rule id: letters, digits, _ . : -, starting with a letter or digit'),
    description: z.string().optional(),
    effect: z.enum(['allow', 'deny']),
    agents: z.array(z.string().min(1)).min(1).describe('agent ids, or "*" for every agent'),
    tools: z.array(z.string().regex(TOOL_RE, 'a tool name such as fs.read or mcp:fs/tools/call/read_file, or a prefix ending in * such as fs.* or mcp:fs/*')).min(1),
    when: z.array(ConditionSchema).optional().describe('conditions on the arguments; all must hold'),
});
const CODE_RE = /^ERR_[A-Z0-9_]+$/;
/** The codes of a policy deny; every other code a case can expect is a reject. */
export const DENY_CODES = ['ERR_POLICY_DENIED', 'ERR_POLICY_NO_MATCH'];
// Paired surrogates are one code point under the u flag, so this finds only lone ones.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
/**
 * One case of a file's `tests:`. The body is `args` (a JSON value, serialised) or `raw` (the exact
 * bytes, for duplicate keys and other byte-level cases); both go through the gate's own step.
 */
export const TestCaseSchema = z
    .strictObject({
    name: z.string().optional(),
    agent: z.string().min(1),
    tool: z.string().min(1),
    args: JsonValueSchema.optional().describe('the arguments as a JSON value; serialised, then read as the gate reads a body'),
    raw: z
        .string()
        .refine((s) => !LONE_SURROGATE.test(s), 'raw holds a lone surrogate, which has no UTF-8 bytes: write it as a JSON escape (\\ud800) in the JSON text')
        .optional()
        .describe('the exact body, as UTF-8 bytes, e.g. \'{"a":1,"a":2}\'; read as the gate reads a body'),
    decision: z.enum(['allow', 'deny', 'reject']).describe('reject: the gate refuses the body before policy (give its code)'),
    code: z
        .string()
        .regex(CODE_RE, 'an error code such as ERR_CANONICAL_DUPLICATE_KEY')
        .refine(isErrorCode, 'not an error code of docs/errors.md')
        .optional()
        .describe('the expected code: required with reject; with deny, ERR_POLICY_DENIED or ERR_POLICY_NO_MATCH'),
    rule: z.string().optional().describe('a rule id expected among the decision\'s ruleIds'),
})
    .superRefine((c, ctx) => {
    if ((c.args === undefined) === (c.raw === undefined)) {
        ctx.addIssue({ code: 'custom', message: 'expected exactly one of args (a JSON value) or raw (the exact body)' });
    }
    if (c.decision === 'reject') {
        if (c.code === undefined)
            ctx.addIssue({ code: 'custom', message: 'a reject case needs the code the gate refuses with', path: ['decision'] });
        else if (c.code.startsWith('ERR_POLICY_'))
            ctx.addIssue({ code: 'custom', message: `${c.code} is a deny, not a reject`, path: ['code'] });
        if (c.rule !== undefined)
            ctx.addIssue({ code: 'custom', message: 'a rejected call reaches no rule', path: ['rule'] });
    }
    if (c.decision === 'allow' && c.code !== undefined)
        ctx.addIssue({ code: 'custom', message: 'an allow has no code', path: ['code'] });
    if (c.decision === 'deny' && c.code !== undefined && !DENY_CODES.includes(c.code)) {
        ctx.addIssue({ code: 'custom', message: `a deny's code is ${DENY_CODES.join(' or ')}, not ${c.code}`, path: ['code'] });
    }
});
export const PolicyFileSchema = z
    .strictObject({
    $schema: z.string().optional(),
    version: z.literal(1).optional(),
    // A file of tests only (cases for rules in other files) needs no `rules: []`.
    rules: z.array(RuleSchema).optional(),
    tests: z.array(TestCaseSchema).optional(),
})
    .superRefine((f, ctx) => {
    if (f.rules === undefined && f.tests === undefined)
        ctx.addIssue({ code: 'custom', message: 'a policy file needs rules:, tests:, or both', params: { kind: NO_CONTENT } });
});
//# sourceMappingURL=schema.js.map