import type { ServerResponse } from 'node:http';
import type { VerbatimError } from '../errors/index.js';
/**
 * `HTTP/1.1 <status>` with an RFC 9457 problem body, `Connection: close` and the extra headers given:
 * the answer to a connection refused before (or instead of) parsing a request.
 */
export declare function rawProblemResponse(err: VerbatimError, extra?: Record<string, string>, decisionId?: string): string;
/** Answers a parsed request with an RFC 9457 problem and closes the connection (faulty framing and the like). */
export declare function endWithProblem(res: ServerResponse, err: VerbatimError, extra?: Record<string, string>, decisionId?: string): void;
