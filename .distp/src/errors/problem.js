import { ERRORS } from './codes.js';
import { VerbatimError } from './verbatim-error.js';
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
/** Codes whose detail is never shown to the client (the detail goes to the audit log). */
const GENERIC_ONLY = new Set(['ERR_INTAKE_UNAUTHENTICATED', 'ERR_INTERNAL']);
/** RFC 9457 §3: type, title, status, detail; plus the stable `code` extension member. */
export function toProblem(err, decisionId) {
    const e = err instanceof VerbatimError ? err : new VerbatimError('ERR_INTERNAL', undefined, { cause: err });
    const def = ERRORS[e.code];
    const problem = {
        type: `https://verbatim.dev/errors#${e.code}`,
        title: def.title,
        status: def.status,
        code: e.code,
    };
    if (!GENERIC_ONLY.has(e.code) && e.message !== def.title)
        problem.detail = e.message;
    if (decisionId !== undefined)
        problem.decisionId = decisionId;
    return problem;
}
/** A Retry-After value drawn from 1 to 5 seconds, never one constant for every client (DESIGN invariant 7). */
export function retryAfterSeconds(random = Math.random) {
    return String(1 + Math.floor(random() * 5));
}
//# sourceMappingURL=problem.js.map