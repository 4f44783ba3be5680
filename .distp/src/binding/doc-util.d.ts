/** @module binding/doc-util: small helpers for the generated docs/binding.md. */
/** A fenced code block. */
export declare const fence: (lang: string, body: string) => string[];
