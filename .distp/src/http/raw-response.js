/** @module http/raw-response: a whole HTTP/1.1 problem response as bytes, for sockets no request handler owns. */
import { STATUS_CODES } from 'node:http';
import { PROBLEM_CONTENT_TYPE, toProblem } from '../errors/index.js';
/**
 * `HTTP/1.1 <status>` with an RFC 9457 problem body, `Connection: close` and the extra headers given:
 * the answer to a connection refused before (or instead of) parsing a request.
 */
export function rawProblemResponse(err, extra = {}, decisionId) {
    const problem = toProblem(err, decisionId);
    const body = JSON.stringify(problem);
    const head = [`HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status] ?? ''}`, `Content-Type: ${PROBLEM_CONTENT_TYPE}`, `Content-Length: ${Buffer.byteLength(body)}`];
    for (const [k, v] of Object.entries(extra))
        head.push(`${k}: ${v}`);
    head.push('Connection: close');
    return `${head.join('\r\n')}\r\n\r\n${body}`;
}
/** Answers a parsed request with an RFC 9457 problem and closes the connection (faulty framing and the like). */
export function endWithProblem(res, err, extra = {}, decisionId) {
    const problem = toProblem(err, decisionId);
    const body = JSON.stringify(problem);
    res.writeHead(problem.status, { ...extra, 'content-type': PROBLEM_CONTENT_TYPE, 'content-length': Buffer.byteLength(body), connection: 'close' }).end(body);
}
//# sourceMappingURL=raw-response.js.map