/** @module errors/doc: renders docs/errors.md from the code table. */
import { ERRORS, ERROR_CODES } from './codes.js';
/** The full text of docs/errors.md. A test fails when the committed file differs. */
export function renderErrorsDoc() {
    const lines = [
        '# Error codes',
        '',
        '<!-- Generated from src/errors/codes.ts by `npm run docs`. Do not edit by hand. -->',
        '',
        'Every error is an `application/problem+json` body (RFC 9457) with a stable `code`,',
        'the HTTP status below, and the `decisionId` where one exists. Codes never change once shipped.',
        '',
        '| code | status | title | meaning |',
        '| --- | --- | --- | --- |',
    ];
    for (const code of ERROR_CODES) {
        const e = ERRORS[code];
        lines.push(`| \`${code}\` | ${e.status} | ${e.title} | ${e.doc.replaceAll('|', '\\|')} |`);
    }
    return lines.join('\n') + '\n';
}
//# sourceMappingURL=doc.js.map