/** @module errors/problem: RFC 9457 problem details built from a VerbatimError. */
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ErrorCode } from './codes.js';
export declare const PROBLEM_CONTENT_TYPE = "application/problem+json";
export interface Problem {
    type: string;
    title: string;
    status: ContentfulStatusCode;
    code: ErrorCode;
    detail?: string;
    decisionId?: string;
}
/** RFC 9457 §3: type, title, status, detail; plus the stable `code` extension member. */
export declare function toProblem(err: unknown, decisionId?: string): Problem;
/** A Retry-After value drawn from 1 to 5 seconds, never one constant for every client (DESIGN invariant 7). */
export declare function retryAfterSeconds(random?: () => number): string;
