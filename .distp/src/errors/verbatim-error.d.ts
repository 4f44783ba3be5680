/** @module errors/verbatim-error: the one error base class. */
import type { ErrorCode } from './codes.js';
import { ERRORS } from './codes.js';
export interface VerbatimErrorOptions {
    cause?: unknown;
    /** Extra data for logs and problem details (never secrets). */
    detail?: Record<string, unknown>;
}
/**
 * A domain error with a stable code. The core throws these; only gate/ and guard/ turn them
 * into HTTP responses.
 */
export declare class VerbatimError extends Error {
    readonly code: ErrorCode;
    readonly detail: Record<string, unknown> | undefined;
    constructor(code: ErrorCode, message?: string, options?: VerbatimErrorOptions);
    get status(): (typeof ERRORS)[ErrorCode]['status'];
}
export declare function isVerbatimError(e: unknown): e is VerbatimError;
