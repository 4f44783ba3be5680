import { VerbatimError } from '../errors/index.js';
/** UTF-8 byte offset of UTF-16 index `index` in `src` (error path only, so not optimised). */
export function byteOffset(src, index) {
    return Buffer.byteLength(src.slice(0, Math.min(Math.max(index, 0), src.length)), 'utf8');
}
/** Throws a rejection located at UTF-16 index `index` of the decoded text. */
export function fail(code, message, src, index) {
    const offset = byteOffset(src, index);
    throw new VerbatimError(code, `${message} at byte ${offset}`, { detail: { offset } });
}
/** Throws a rejection located at a byte offset of the raw input. */
export function failAtByte(code, message, offset) {
    throw new VerbatimError(code, `${message} at byte ${offset}`, { detail: { offset } });
}
//# sourceMappingURL=fail.js.map