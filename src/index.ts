/** @module verbatim-proxy: the library API, as explicit named re-exports. */

// errors
export { VerbatimError, isVerbatimError, ERRORS, ERROR_CODES, STATUS_BY_CODE, toProblem, PROBLEM_CONTENT_TYPE } from './errors/index.js'
export type { ErrorCode, Problem } from './errors/index.js'

// canonical

// policy

// binding

// audit

// guard

// gate
