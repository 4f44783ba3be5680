/** @module policy/schema-tests: the zod schema of a policy file's `tests:` cases. */
import { z } from 'zod'
import { isErrorCode } from '../errors/index.js'

const CODE_RE = /^ERR_[A-Z0-9_]+$/
/** The codes of a policy deny; every other code a case can expect is a reject. */
export const DENY_CODES = ['ERR_POLICY_DENIED', 'ERR_POLICY_NO_MATCH'] as const
// Paired surrogates are one code point under the u flag, so this finds only lone ones.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u

/**
 * One case of a file's `tests:`. The body is `args` (a JSON value, serialised) or `raw` (the exact
 * bytes, for duplicate keys and other byte-level cases); both go through the gate's own step.
 */
export const TestCaseSchema = z
  .strictObject({
    name: z.string().optional(),
    agent: z.string().min(1),
    tool: z.string().min(1),
    args: z.json().optional().describe('the arguments as a JSON value; serialised, then read as the gate reads a body'),
    raw: z
      .string()
      .refine((s) => !LONE_SURROGATE.test(s), 'raw holds a lone surrogate, which has no UTF-8 bytes: write it as a JSON escape (\\ud800) in the JSON text')
      .optional()
      .describe('the exact body, as UTF-8 bytes, e.g. \'{"a":1,"a":2}\'; read as the gate reads a body'),
    decision: z.enum(['allow', 'ask', 'deny', 'reject']).describe('reject: the gate refuses the body before policy (give its code)'),
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
      ctx.addIssue({ code: 'custom', message: 'expected exactly one of args (a JSON value) or raw (the exact body)' })
    }
    if (c.decision === 'reject') {
      if (c.code === undefined) ctx.addIssue({ code: 'custom', message: 'a reject case needs the code the gate refuses with', path: ['decision'] })
      else if (c.code.startsWith('ERR_POLICY_')) ctx.addIssue({ code: 'custom', message: `${c.code} is a deny, not a reject`, path: ['code'] })
      if (c.rule !== undefined) ctx.addIssue({ code: 'custom', message: 'a rejected call reaches no rule', path: ['rule'] })
    }
    if ((c.decision === 'allow' || c.decision === 'ask') && c.code !== undefined) ctx.addIssue({ code: 'custom', message: `an ${c.decision} has no code`, path: ['code'] })
    if (c.decision === 'deny' && c.code !== undefined && !(DENY_CODES as readonly string[]).includes(c.code)) {
      ctx.addIssue({ code: 'custom', message: `a deny's code is ${DENY_CODES.join(' or ')}, not ${c.code}`, path: ['code'] })
    }
  })

export type TestCase = z.infer<typeof TestCaseSchema>
