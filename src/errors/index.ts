/** @module errors: the error class, the code table, and RFC 9457 problem details. */
export { ERRORS, ERROR_CODES, JSONRPC_ERRORS, STATUS_BY_CODE, isErrorCode } from './codes.js'
export type { ErrorCode } from './codes.js'
export { VerbatimError, isVerbatimError } from './verbatim-error.js'
export type { VerbatimErrorOptions } from './verbatim-error.js'
export { toProblem, retryAfterSeconds, PROBLEM_CONTENT_TYPE } from './problem.js'
export type { Problem } from './problem.js'
export { renderErrorsDoc } from './doc.js'
