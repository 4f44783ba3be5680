import type { ParseState } from './state.js';
/** Reads the number at `p.pos`; leaves `p.pos` after it. -0 becomes 0. */
export declare function readNumber(p: ParseState): number;
