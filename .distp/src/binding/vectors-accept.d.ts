import type { Kit, RequestVector } from './vector-kit.js';
/** Accepted vectors: the main one, bodies that exercise RFC 8785, and the spellings §6.1 says verify. */
export declare function acceptVectors(k: Kit): RequestVector[];
