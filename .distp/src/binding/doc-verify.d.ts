/** @module binding/doc-verify: section 6 of docs/binding.md: every verification step, in order, with its code. */
/** Section 6: the body pre-check and steps 0-11, each with its sub-steps in the order a guard runs them. */
export declare function specSteps(): string[];
