import { ERRORS } from './codes.js';
/**
 * A domain error with a stable code. The core throws these; only gate/ and guard/ turn them
 * into HTTP responses.
 */
export class VerbatimError extends Error {
    code;
    detail;
    constructor(code, message, options = {}) {
        super(message ?? ERRORS[code].title, options.cause === undefined ? undefined : { cause: options.cause });
        this.name = 'VerbatimError';
        this.code = code;
        this.detail = options.detail;
    }
    get status() {
        return ERRORS[this.code].status;
    }
}
export function isVerbatimError(e) {
    return e instanceof VerbatimError;
}
//# sourceMappingURL=verbatim-error.js.map