import type { SigningKey } from './sign.js';
import type { Kit, RequestVector } from './vector-kit.js';
/** Refusals from the algorithm check on; `other` is a second key (RFC 8032 TEST 2) that the guard does not trust. */
export declare function lateVectors(k: Kit, other: SigningKey): RequestVector[];
