/** @module binding/doc-spelling: sections 6.1 and 7 of docs/binding.md: the spellings that still verify, and the window. */
/** Section 6.1: which re-spellings of a signed request verify, and why none changes its meaning. */
export declare function specSpellings(): string[];
/** Section 7: the clock-skew window. */
export declare function specWindow(): string[];
