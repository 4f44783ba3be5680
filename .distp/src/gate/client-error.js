import { VerbatimError, retryAfterSeconds } from '../errors/index.js';
import { endWithProblem, rawProblemResponse } from '../http/index.js';
/**
 * Node's parser reports a request it cannot frame (RFC 9112 §6.3): a body behind
 * Content-Length: 0 shows up here as a second, garbled request on the connection. Nothing of it
 * is ever handed to the pipeline; the connection is closed.
 */
export function onClientError(err, socket, deps, log) {
    // A client that hung up (mid-head or mid-body) is not malformed HTTP: the request in flight, if
    // any, is audited by the pipeline as ERR_INTAKE_ABORTED.
    if (err.code === 'ECONNRESET' || err.code === 'HPE_INVALID_EOF_STATE' || !socket.writable) {
        socket.destroy();
        return;
    }
    if (err.code === 'HPE_HEADER_OVERFLOW' || err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
        socket.end(err.code === 'HPE_HEADER_OVERFLOW' ? 'HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\n\r\n' : 'HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n');
        return;
    }
    const decisionId = deps.newDecisionId();
    const e = new VerbatimError('ERR_INTAKE_MALFORMED_HTTP', `not a valid HTTP/1.1 request (${err.code ?? 'parse error'})`);
    socket.end(rawProblemResponse(e, { 'Verbatim-Decision-Id': decisionId }, decisionId));
    deps.audit
        .append('decision', { decisionId, verdict: 'reject', code: e.code, message: e.message })
        .catch((auditErr) => log(`verbatim gate: audit of a malformed request failed: ${String(auditErr)}`));
}
/** RFC 9112 §6.1 and the like: a parsed request whose framing cannot be trusted. Answered 400, audited, closed. */
export function refuseFraming(req, res, why, deps, log) {
    const decisionId = deps.newDecisionId();
    const e = new VerbatimError('ERR_INTAKE_MALFORMED_HTTP', why);
    endWithProblem(res, e, { 'verbatim-decision-id': decisionId }, decisionId);
    deps.audit
        .append('decision', { decisionId, verdict: 'reject', code: e.code, message: e.message, method: req.method ?? '', target: (req.url ?? '').slice(0, 256) })
        .catch((auditErr) => log(`verbatim gate: audit of a malformed request failed: ${String(auditErr)}`));
}
/** The raw answer to a connection over limits.maxConnections: 503 with a jittered Retry-After, then close. */
export function overloadedBytes() {
    return rawProblemResponse(new VerbatimError('ERR_GATE_OVERLOADED', 'too many open connections'), { 'Retry-After': retryAfterSeconds() });
}
//# sourceMappingURL=client-error.js.map