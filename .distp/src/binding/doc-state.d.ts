/** @module binding/doc-state: sections 8 and 9 of docs/binding.md: single-use nonces, the restart rule, keys. */
/** Section 8: nonces, their hold time, and the restart rule. */
export declare function specNonces(): string[];
/** Section 9: key ids, the key rules, key set files and rotation. */
export declare function specKeys(): string[];
