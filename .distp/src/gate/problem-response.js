import { PROBLEM_CONTENT_TYPE, VerbatimError, retryAfterSeconds, toProblem } from '../errors/index.js';
import { closesConnection } from '../intake/index.js';
export function problemResponse(c, err, decisionId) {
    const problem = toProblem(err, decisionId);
    const headers = { 'content-type': PROBLEM_CONTENT_TYPE, 'cache-control': 'no-store' };
    if (decisionId !== undefined)
        headers['verbatim-decision-id'] = decisionId;
    const forwarded = err instanceof VerbatimError && err.detail?.['forwarded'] === true;
    if ((problem.code === 'ERR_GATE_OVERLOADED' || problem.code === 'ERR_AUDIT_UNAVAILABLE') && !forwarded) {
        // Spread retries out rather than let every agent come back at once (DESIGN invariant 7).
        headers['retry-after'] = retryAfterSeconds();
    }
    // A body we stopped reading must not be parsed as the next request on this connection.
    if (closesConnection(err) || problem.code === 'ERR_INTAKE_TOO_LARGE' || problem.code === 'ERR_INTAKE_LENGTH_MISMATCH')
        headers['connection'] = 'close';
    if (problem.code === 'ERR_INTAKE_UNAUTHENTICATED')
        headers['www-authenticate'] = 'Bearer realm="verbatim"';
    return c.body(JSON.stringify(problem), problem.status, headers);
}
//# sourceMappingURL=problem-response.js.map