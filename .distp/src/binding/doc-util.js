/** @module binding/doc-util: small helpers for the generated docs/binding.md. */
/** A fenced code block. */
export const fence = (lang, body) => ['```' + lang, body, '```'];
//# sourceMappingURL=doc-util.js.map