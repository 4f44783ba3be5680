import type { ParseState } from './state.js';
/**
 * Reads the string whose opening quote is at `p.pos`; leaves `p.pos` after the closing quote.
 * The fast path slices runs of plain characters; escapes and specials go to `readSlow`.
 */
export declare function readString(p: ParseState): string;
/** Reads a key; also reports whether it may fold to another key (non-ASCII or A-Z). */
export declare function readKey(p: ParseState, out: {
    fold: boolean;
}): string;
