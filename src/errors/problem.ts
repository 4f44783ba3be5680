/** @module errors/problem: RFC 9457 problem details built from a VerbatimError. */
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { ErrorCode } from './codes.js'
import { ERRORS } from './codes.js'
import { VerbatimError } from './verbatim-error.js'

export const PROBLEM_CONTENT_TYPE = 'application/problem+json'

export interface Problem {
  type: string
  title: string
  status: ContentfulStatusCode
  code: ErrorCode
  detail?: string
  decisionId?: string
}

/** Codes whose detail is never shown to the client (the detail goes to the audit log). */
const GENERIC_ONLY: ReadonlySet<ErrorCode> = new Set(['ERR_INTAKE_UNAUTHENTICATED', 'ERR_INTERNAL'])

/**
 * What a client is told of a failed authentication: which of three it was, in fixed words chosen
 * by `detail.reason`, so no token, agent or message text can reach it.
 */
const UNAUTHENTICATED_DETAIL: Readonly<Record<string, string>> = {
  missing: 'no Authorization header: send Authorization: Bearer <token>',
  malformed: 'the Authorization header is not Bearer and one token (1 to 512 visible ASCII characters)',
  unknown: 'the bearer token matches no agent',
}

/** RFC 9457 §3: type, title, status, detail; plus the stable `code` extension member. */
export function toProblem(err: unknown, decisionId?: string): Problem {
  const e = err instanceof VerbatimError ? err : new VerbatimError('ERR_INTERNAL', undefined, { cause: err })
  const def = ERRORS[e.code]
  const problem: Problem = {
    type: `https://verbatim.dev/errors#${e.code}`,
    title: def.title,
    status: def.status,
    code: e.code,
  }
  if (!GENERIC_ONLY.has(e.code) && e.message !== def.title) problem.detail = e.message
  const reason = e.code === 'ERR_INTAKE_UNAUTHENTICATED' ? e.detail?.reason : undefined
  const fixed = typeof reason === 'string' && Object.hasOwn(UNAUTHENTICATED_DETAIL, reason) ? UNAUTHENTICATED_DETAIL[reason] : undefined
  if (fixed !== undefined) problem.detail = fixed
  if (decisionId !== undefined) problem.decisionId = decisionId
  return problem
}

/** A Retry-After value drawn from 1 to 5 seconds, never one constant for every client (DESIGN invariant 7). */
export function retryAfterSeconds(random: () => number = Math.random): string {
  return String(1 + Math.floor(random() * 5))
}
