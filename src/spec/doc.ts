/** @module spec/doc: renders docs/binding.md (spec, test vectors, verifier walkthrough, receipts, the MCP profile) from the code. */
import { specReceipts } from './doc-receipt.js'
import { specRequest } from './doc-request.js'
import { specSpellings, specWindow } from './doc-spelling.js'
import { specKeys, specNonces } from './doc-state.js'
import { specMcp } from './doc-mcp.js'
import { specApprovals } from './doc-approval.js'
import { specSteps } from './doc-verify.js'
import { vectorsSection } from './doc-vectors.js'
import { walkthrough } from './doc-walkthrough.js'
import { buildVectors } from './vectors.js'

/** The full text of docs/binding.md. */
export function renderBindingDoc(): string {
  const v = buildVectors()
  return [
    '# The Verbatim binding: gate to guard, `verbatim-v1`',
    '',
    '<!-- Generated from src/spec/ by `npm run docs`. Do not edit by hand; a test fails on drift. -->',
    '',
    'This document specifies, byte for byte, what the gate adds to each forwarded tool call, how an executor in any',
    'language verifies it, and the receipt the executor side returns. It is complete: a verifier built from it alone',
    'agrees with the guard on every code, which `examples/python-verifier/` demonstrates on every vector. References:',
    'RFC 9421 (HTTP Message Signatures), RFC 9530 (Digest Fields), RFC 8941 and RFC 9651 (Structured Field Values),',
    'RFC 8032 (Ed25519), RFC 7638 (JWK thumbprint), RFC 8785 (JSON canonicalisation), RFC 7515 (JWS).',
    '',
    ...specRequest(v),
    ...specSteps(),
    ...specSpellings(),
    ...specWindow(),
    ...specNonces(),
    ...specKeys(),
    ...vectorsSection(v),
    ...walkthrough(),
    ...specReceipts(v),
    ...specMcp(v),
    ...specApprovals(v),
  ].join('\n')
}
