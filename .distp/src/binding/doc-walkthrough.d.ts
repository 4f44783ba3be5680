/** Section 11: the verification steps as pseudocode, and the mistakes to avoid. */
export declare function walkthrough(): string[];
