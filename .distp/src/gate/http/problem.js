/** @module gate/http/problem: the one place gate errors become HTTP (RFC 9457 problem+json). */
import { PROBLEM_CONTENT_TYPE, VerbatimError, retryAfterSeconds, toProblem } from '../../errors/index.js';
import { closesConnection } from '../../intake/index.js';
const notSent = (err) => err instanceof VerbatimError && err.detail?.['sent'] === false;
export function problemReply(err, decisionId) {
    const problem = toProblem(err, decisionId);
    const headers = { 'content-type': PROBLEM_CONTENT_TYPE, 'cache-control': 'no-store' };
    if (decisionId !== undefined)
        headers['verbatim-decision-id'] = decisionId;
    const forwarded = err instanceof VerbatimError && err.detail?.['forwarded'] === true;
    const retry = err instanceof VerbatimError ? err.detail?.['retryAfter'] : undefined;
    if (typeof retry === 'number')
        headers['retry-after'] = String(retry);
    // A call that never left the gate (its connection never opened) is as safe to retry as a shed one.
    else if ((problem.code === 'ERR_GATE_OVERLOADED' || problem.code === 'ERR_AUDIT_UNAVAILABLE' || problem.code === 'ERR_GATE_CIRCUIT_OPEN' || notSent(err)) && !forwarded) {
        // Spread retries out rather than let every agent come back at once (DESIGN invariant 7).
        headers['retry-after'] = retryAfterSeconds();
    }
    // A body we stopped reading must not be parsed as the next request on this connection.
    if (closesConnection(err) || problem.code === 'ERR_INTAKE_TOO_LARGE' || problem.code === 'ERR_INTAKE_LENGTH_MISMATCH')
        headers['connection'] = 'close';
    if (problem.code === 'ERR_INTAKE_UNAUTHENTICATED')
        headers['www-authenticate'] = 'Bearer realm="verbatim"';
    return { status: problem.status, headers, body: JSON.stringify(problem) };
}
export function jsonReply(status, value, headers = {}) {
    return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(value) };
}
//# sourceMappingURL=problem.js.map