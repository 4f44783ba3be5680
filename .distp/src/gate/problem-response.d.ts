/** @module gate/problem-response: the one place errors become HTTP (RFC 9457 problem+json). */
import type { Context } from 'hono';
export declare function problemResponse(c: Context, err: unknown, decisionId?: string): Response;
