/** @module spec/doc-util: small helpers for the generated docs/binding.md. */

/** A fenced code block. */
export const fence = (lang: string, body: string): string[] => ['```' + lang, body, '```']
