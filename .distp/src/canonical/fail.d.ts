/** @module canonical/fail: rejections carry the byte offset where the input went wrong. */
import type { ErrorCode } from '../errors/index.js';
/** UTF-8 byte offset of UTF-16 index `index` in `src` (error path only, so not optimised). */
export declare function byteOffset(src: string, index: number): number;
/** Throws a rejection located at UTF-16 index `index` of the decoded text. */
export declare function fail(code: ErrorCode, message: string, src: string, index: number): never;
/** Throws a rejection located at a byte offset of the raw input. */
export declare function failAtByte(code: ErrorCode, message: string, offset: number): never;
