/** @module errors/doc: renders docs/errors.md from the code table. */
import { ERRORS, ERROR_CODES, JSONRPC_ERRORS } from './codes.js'

/** The full text of docs/errors.md. A test fails when the committed file differs. */
export function renderErrorsDoc(): string {
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
  ]
  for (const code of ERROR_CODES) {
    const e = ERRORS[code]
    lines.push(`| \`${code}\` | ${e.status} | ${e.title} | ${e.doc.replaceAll('|', '\\|')} |`)
  }
  lines.push(
    '',
    '## JSON-RPC errors of the MCP transport',
    '',
    'An MCP client (`docs/mcp.md`) gets some refusals as a JSON-RPC error response (JSON-RPC 2.0 §5.1) for its request',
    'instead of a problem body, so that its SDK surfaces them as the error of that call. `error.data` is the problem',
    'above, with its `code` and `decisionId`.',
    '',
    '| JSON-RPC code | name | when |',
    '| --- | --- | --- |',
  )
  for (const e of Object.values(JSONRPC_ERRORS)) lines.push(`| \`${e.code}\` | ${e.name} | ${e.doc.replaceAll('|', '\\|')} |`)
  return lines.join('\n') + '\n'
}
