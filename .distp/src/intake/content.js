/** @module intake/content: content type and content coding, decided before a byte of body is read. */
import { VerbatimError } from '../errors/index.js';
/** RFC 9110 §8.3.1: media type is case-insensitive; only charset=utf-8 may accompany it. */
const JSON_TYPE = /^application\/json[ \t]*(;[ \t]*charset[ \t]*=[ \t]*(utf-8|"utf-8")[ \t]*)?$/i;
/** True for `application/json`, optionally with `charset=utf-8`: the one rule the gate and the guard share. */
export function isJsonContentType(contentType) {
    return typeof contentType === 'string' && JSON_TYPE.test(contentType.trim());
}
export function checkContentHeaders(contentType, contentEncoding) {
    if (contentEncoding !== undefined && contentEncoding.trim() !== '') {
        // Any coding (even identity) is refused: the gate evaluates the bytes as sent (RFC 9110 §8.4).
        throw new VerbatimError('ERR_INTAKE_CONTENT_ENCODING', 'Content-Encoding is not accepted');
    }
    if (!isJsonContentType(contentType)) {
        throw new VerbatimError('ERR_INTAKE_CONTENT_TYPE', 'Content-Type must be application/json');
    }
}
//# sourceMappingURL=content.js.map