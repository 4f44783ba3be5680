/** @module spec/doc-mcp-verify: sections 13.4 to 13.7 of docs/binding.md: how a guard verifies an MCP binding, why, the stateless revision, and the vectors. */
import { fence } from './doc-util.js'
import { requestLists } from './doc-vectors.js'
import type { BindingVectors } from './vectors.js'

function steps(): string[] {
  return [
    '### 13.4 Verification under profile `mcp`',
    '',
    'A guard runs one profile, chosen by its configuration, never guessed from the request: `profile: \'mcp\'` in',
    '`VerifyBindingOptions` and `GuardOptions`, which the standalone guard sets for an `mcp` executor. Steps 1 to 8 and',
    '10 are those of §6, word for word. The pre-check, step 0, step 9 and step 11 read:',
    '',
    '- **Before step 0.** The method pre-check is that of §6. Then a `GET` or a `DELETE` is bodiless: the adapters read',
    '  no body, and one that declares a body',
    '  (a `Content-Length` other than `0`, or any `Transfer-Encoding`) is `ERR_INTAKE_LENGTH_MISMATCH` (400, the',
    '  connection is closed). Any other method is read as in §6: too large `ERR_INTAKE_TOO_LARGE`, empty',
    '  `ERR_INTAKE_EMPTY_BODY`.',
    '- **Step 0.** Skipped for a `GET` or `DELETE` without a body: no body, so no type to check, and a `Content-Type`',
    '  there is not examined. Every other request is checked as in §6.',
    '- **Step 2i.** As in §3.2: `session` and `protocol`, when present, are non-empty Strings, and `param-headers` 32 bytes',
    '  (both profiles).',
    '- **Step 9.** In this order; every failure is `ERR_GUARD_TARGET_MISMATCH` except the parse in c:',
    '  - a. The method is `POST`, `GET` or `DELETE`.',
    '  - b. A `GET` or `DELETE` has an empty body (only a caller of `verifyBinding` that skips the pre-check can get',
    '       here with one); its suffix is `/stream` or `/session/delete`.',
    '  - c. A `POST` body is parsed strictly, exactly as step 11 parses (`docs/canonical.md`); a body that does not parse',
    '       is `ERR_GUARD_NOT_CANONICAL`. The value must be one message (§13.2), and the message must have a name',
    '       (§13.3), which gives the suffix.',
    '  - d. `tool` starts with `mcp:`, has a `/` after a non-empty server, and from its first `/` on equals the suffix.',
    '  - e. `session` and the request\'s `Mcp-Session-Id` are both absent, or both present and equal.',
    '  - f. `protocol` and the request\'s `MCP-Protocol-Version` are both absent, or both present and equal.',
    '  - g. For a `POST`: an `Mcp-Method` header, when present, equals the message\'s method (a response has none, so any',
    '       `Mcp-Method` on a response fails); an `Mcp-Name` header, when present, equals the message\'s name (§13.3: the',
    '       tool, the prompt or the URI; other messages name nothing, so any `Mcp-Name` on them fails), once decoded: a',
    '       value `=?base64?{payload}?=` (these markers exactly) stands for the UTF-8 text of its Base64 payload, and a',
    '       payload that is not canonical padded Base64 (RFC 4648 §4) or not UTF-8 equals nothing (MCP 2026-07-28,',
    '       streamable-http, Value Encoding). On a `GET` or `DELETE` these two headers are not examined: no message travels.',
    '  - h. For a `POST`: when the message\'s `params._meta` is an object holding `io.modelcontextprotocol/protocolVersion`,',
    '       that value is a String equal to `protocol` (which must then be present): the revision the server reads the',
    '       message in is the one the decision binds (MCP 2026-07-28, basic/index, `_meta`).',
    '  - i. For every method: the request\'s `Mcp-Param-*` headers (any case), digested as §13.1 says, equal',
    '       `param-headers`; or there are none and no `param-headers`. A value with a character outside 0x20-0x7E and HTAB',
    '       fails: the gate forwards none.',
    '',
    '  Header values are compared as §3 reads every field: without leading and trailing SP and HTAB, several lines joined',
    '  with `, `, byte for byte. A header present with an empty value is present: it never equals a decision member,',
    '  which is never empty.',
    '- **Step 11.** A `GET` or `DELETE` without a body is accepted here without a parse; the executor gets no value',
    '  (`null`), and the recorded digest is that of zero bytes. A `POST` body is checked as in §6 (its RFC 8785',
    '  serialisation must equal the received bytes), with the value parsed at step 9c; the executor gets that value, the',
    '  message.',
    '',
  ]
}

function why(): string[] {
  return [
    '### 13.5 Why, and what a guard does not check',
    '',
    '- **Session and revision are bound.** The server reads them beside the message: the session selects whose state a',
    '  call runs in, and the revision how the server reads the message. Bound, neither can be swapped between gate and',
    '  guard, and a decision made inside one session cannot be spent in another.',
    '- **The name is derived, not trusted.** The guard does not take the decision\'s word for what the body is: it reads',
    '  the message and rebuilds the suffix, so a decision for `tools/list` cannot carry a `tools/call`.',
    '- **Order.** The strict parse moves from step 11 to step 9 because the name is read from the value. So a body that',
    '  does not parse is refused before its nonce is claimed (`ERR_GUARD_NOT_CANONICAL` even on a replay), while a body',
    '  that parses but is not in RFC 8785 form is still claimed at step 10 and refused at step 11, as in §6. A body that',
    '  parses but is not a message is `ERR_GUARD_TARGET_MISMATCH`, whatever its spelling.',
    '- **Not compared:** the path, which is signed (step 6) and so cannot change between gate and guard, but names no',
    '  message: the audience (step 8) names the executor; the server part of `tool`, which is the gate\'s name for the',
    '  server (the guard compares the suffix only); `Accept` and `Last-Event-ID`, which select no message; and the',
    '  resource URI of a `resources/read`, which is in the body and so bound by the digest, not by the name.',
    '- **Mirrored headers are bound.** `Mcp-Method` and `Mcp-Name` the guard checks against the message itself. Which',
    '  argument an `Mcp-Param-*` header mirrors only the tool\'s input schema says (its `x-mcp-header` annotations), which',
    '  a guard does not have; the gate held each header to its argument, so the guard checks that exactly those headers',
    '  arrived: nothing between gate and guard can add, drop or change one that the server may route or act on.',
    '',
  ]
}

function vectors(v: BindingVectors): string[] {
  const mcp = v.requests.filter((r) => r.verifier.profile !== undefined)
  const accepted = mcp.filter((r) => r.expect === 'accept')
  return [
    '### 13.7 MCP vectors',
    '',
    'In `binding-vectors.json` with the other request vectors (§10.4); each states `profile` in its verifier state',
    `(\`"mcp"\`, or \`"tools"\` for an MCP binding sent to a tools-profile verifier). ${accepted.length} accepted:`,
    ...requestLists(mcp),
  ]
}

function stateless(v: BindingVectors): string[] {
  const r = v.requests.find((x) => x.name.startsWith('MCP 2026-07-28: a stateless tools/call'))
  if (r === undefined) throw new Error('no stateless MCP vector')
  const h = r.request.headers
  const body = Buffer.from(r.request.bodyBase64, 'base64').toString('utf8')
  const http = [
    `${r.request.method} ${r.request.path} HTTP/1.1`, 'Host: fs-guard.internal:9000', `Content-Type: ${h['content-type'] ?? ''}`, `Content-Length: ${Buffer.byteLength(body)}`,
    `MCP-Protocol-Version: ${h['mcp-protocol-version'] ?? ''}`, `Mcp-Method: ${h['mcp-method'] ?? ''}`, `Mcp-Name: ${h['mcp-name'] ?? ''}`, `Mcp-Param-Region: ${h['mcp-param-region'] ?? ''}`,
    `Content-Digest: ${h['content-digest'] ?? ''}`, `Verbatim-Decision: ${h['verbatim-decision'] ?? ''}`,
    `Signature-Input: ${h['signature-input'] ?? ''}`, `Signature: ${h.signature ?? ''}`, '', body,
  ].join('\n')
  return [
    '### 13.6 The stateless revision, 2026-07-28',
    '',
    'MCP 2026-07-28 has no `initialize` and no session: every request carries its revision, in `MCP-Protocol-Version` and',
    'in `params._meta["io.modelcontextprotocol/protocolVersion"]`, and the routing headers `Mcp-Method` and `Mcp-Name`',
    '(for `tools/call`, `prompts/get` and `resources/read`); a tool may mirror arguments into `Mcp-Param-{Name}` headers',
    '(its input schema says which, with `x-mcp-header`). The gate decides and binds each request alone. The binding is the',
    'one above: `session` absent, `protocol` the request\'s revision (step 9h holds the `_meta` revision to it), and',
    '`param-headers` over the mirrored headers the gate held to their arguments (step 9i). `server/discover` and',
    '`subscriptions/listen` are messages like any other (`mcp:{server}/server/discover`,',
    '`mcp:{server}/subscriptions/listen`). A request retried with `inputResponses` and `requestState` after an',
    '`input_required` result (multi round-trip requests) is a new request, decided and bound again; its state is part of',
    'the body the digest binds, and nothing here reads it. The stateless vector of §13.7, byte for byte apart from `Host`:',
    '',
    ...fence('http', http),
    '',
  ]
}

/** Sections 13.4 to 13.7. */
export function specMcpVerify(v: BindingVectors): string[] {
  return [...steps(), ...why(), ...stateless(v), ...vectors(v)]
}
