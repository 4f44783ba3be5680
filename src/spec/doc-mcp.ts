/** @module spec/doc-mcp: section 13 of docs/binding.md: the MCP profile, what the gate sends and how a guard verifies it. */
import { NAMED_PREFIXES, RESERVED_METHODS } from '../mcp/index.js'
import { specMcpVerify } from './doc-mcp-verify.js'
import { fence } from './doc-util.js'
import type { BindingVectors } from './vectors.js'

const READ_RPC = [
  'read_rpc(v):                                   every "fail" here is ERR_GUARD_TARGET_MISMATCH at step 9c',
  '  v is not an object (an array is a batch, even [])                                        -> fail',
  '  v has no "jsonrpc", or v["jsonrpc"] is not the String "2.0"                              -> fail',
  '  "id" in v, and v["id"] is not a String and not a Number whose value is an integer',
  '      in [-(2^53 - 1), 2^53 - 1] (null, true, 2.5 and 9007199254740992 are not ids)       -> fail',
  '  "method" not in v:                                                     a response',
  '      "id" not in v, or ("result" in v) == ("error" in v)                                  -> fail',
  '      "error" in v and v["error"] is not an object                                          -> fail',
  '      return (response, id)',
  '  v["method"] is not a String, or is ""                                                    -> fail',
  '  "result" in v or "error" in v                                                            -> fail',
  '  "params" in v and v["params"] is not an object (null and arrays are not)                  -> fail',
  '  return (request, id, method, params) if "id" in v else (notification, method, params)',
].join('\n')

const SUFFIX_OF = [
  'NAME(s): s is a String of 1 to 128 characters, each U+0021 to U+007E (printable ASCII, no space)',
  'suffix_of(msg) -> (suffix, name)                every "fail" here is ERR_GUARD_TARGET_MISMATCH at step 9c',
  '  response                                  -> ("/response", none)',
  '  method "tools/call" or "prompts/get":',
  '      n = params["name"] (params absent: no name); not NAME(n)                             -> fail',
  '      "arguments" in params and params["arguments"] is not an object                       -> fail',
  '      -> ("/" + method + "/" + n, n)',
  '  method "resources/read":',
  '      u = params["uri"] (params absent: no uri); u is not a String                          -> fail',
  '      -> ("/resources/read", u)                (any String, even ""; the URI is not in the name)',
  '  any other method m:',
  '      not NAME(m)                                                                           -> fail',
  `      m is ${[...RESERVED_METHODS].map((x) => `"${x}"`).join(', ')},`,
  `      or m starts with ${NAMED_PREFIXES.map((x) => `"${x}"`).join(' or ')}                                      -> fail`,
  '      -> ("/" + m, none)',
  'GET: ("/stream", none); DELETE: ("/session/delete", none)',
].join('\n')

function sent(v: BindingVectors): string[] {
  const r = v.mcp.request
  const h = r.headers
  const body = Buffer.from(r.bodyBase64, 'base64').toString('utf8')
  const http = [
    `${r.method} ${r.path} HTTP/1.1`, 'Host: fs-guard.internal:9000', `Content-Type: ${h['content-type'] ?? ''}`, `Content-Length: ${Buffer.byteLength(body)}`,
    `Mcp-Session-Id: ${h['mcp-session-id'] ?? ''}`, `MCP-Protocol-Version: ${h['mcp-protocol-version'] ?? ''}`,
    `Content-Digest: ${h['content-digest'] ?? ''}`, `Verbatim-Decision: ${h['verbatim-decision'] ?? ''}`,
    `Signature-Input: ${h['signature-input'] ?? ''}`, `Signature: ${h.signature ?? ''}`, '', body,
  ].join('\n')
  return [
    '### 13.1 What the gate sends',
    '',
    `An MCP server is configured on the gate under a name \`{server}\` (\`^[a-z0-9][a-z0-9_-]{0,63}$\`); agents speak`,
    'Streamable HTTP to `/mcp/{server}`. For each request it allows, the gate sends the guard of that server\'s upstream:',
    '',
    '- the agent\'s method, `POST`, `GET` or `DELETE` (the transport has no other);',
    '- the path: the upstream URL\'s path without trailing `/`, followed by the server\'s `path` (default `/mcp`); no query;',
    '- for `POST`, exactly one JSON-RPC message (§13.2) as its RFC 8785 bytes, with `Content-Type: application/json`. A',
    '  `GET` (the server\'s event stream) and a `DELETE` (the end of a session) carry no body and no `Content-Type`; their',
    '  `Content-Digest` is the SHA-256 of zero bytes, `sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:`;',
    '- `Verbatim-Decision` with `tool` = `mcp:{server}{suffix}`, the name of the message (§13.3), and three more members',
    '  (§3.2): `session`, the request\'s `Mcp-Session-Id`, when it carries one; `protocol`, the `MCP-Protocol-Version` the',
    '  gate forwards, when it forwards one (inside a session, the revision negotiated for it; for the stateless revision,',
    '  the request\'s own, §13.6; none for `initialize`); `param-headers`, when the gate forwards `Mcp-Param-*` headers,',
    '  the SHA-256 of `name ":" value LF` for each of them, the name in lowercase and the value as §3 reads every field,',
    '  sorted by name;',
    '- `Mcp-Session-Id` and `MCP-Protocol-Version` with exactly those values, the `Mcp-Param-*` headers the digest covers,',
    '  and `Accept`, `Last-Event-ID`, `Mcp-Method` and `Mcp-Name` as the agent sent them. The gate has already refused a',
    '  body that is not one message (`ERR_MCP_BATCH`, `ERR_MCP_INVALID_MESSAGE`) and an `Mcp-Method`, `Mcp-Name` or',
    '  `Mcp-Param-*` header that disagrees with the body (`ERR_MCP_HEADER_MISMATCH`); a guard checks the first two again,',
    '  and the digest of the others (step 9).',
    '',
    `The main MCP vector (§13.7): server \`${v.mcp.input.server}\`, a \`tools/call\` of \`echo\` in a session, the fixed inputs of §10.2`,
    'otherwise (key, nonce, time, decision id, agent, policy digest, audience). Byte for byte apart from `Host`:',
    '',
    ...fence('http', http),
    '',
    'Its signature base:',
    '',
    ...fence('text', v.mcp.signatureBase),
    '',
  ]
}

function rules(): string[] {
  return [
    '### 13.2 One JSON-RPC message',
    '',
    'A `POST` body, once strictly parsed (step 9c), must be one JSON-RPC 2.0 message (JSON-RPC 2.0 §4-§5, as MCP uses',
    'it): a request, a notification, or a response to a request the server sent. Batches are refused: they have carried',
    'calls past authorization and audit, and MCP 2025-06-18 removed them. Ids are read by value, not by spelling: `1.0` is',
    'the integer id 1 here (step 11 then refuses the spelling). Members not named below are not examined; they are signed',
    'and reach the server as they are.',
    '',
    ...fence('text', READ_RPC),
    '',
    '### 13.3 The name of a message',
    '',
    'Policy decides on a name, and the decision carries it as `tool`: `mcp:` + the server + a suffix that the guard derives',
    'from the request itself. The server comes first, so one tool name on two servers is two names. Names are compared',
    'byte for byte as written, never case-folded or otherwise normalised (MCP tool names are case-sensitive). A tool,',
    'prompt or method name must be 1 to 128 printable ASCII characters without a space, so that the name fits an',
    'sf-string (§3.2); `"` and `\\` are allowed and are escaped there. A method spelled like the name of another subject',
    '(`response`, `stream`, `session/delete`, or `tools/call/…` and `prompts/get/…`) is refused, so that one name means one',
    'subject.',
    '',
    '| message | suffix | `tool` for server `fs` |',
    '| --- | --- | --- |',
    '| request or notification, method `m` | `/{m}` | `mcp:fs/tools/list`, `mcp:fs/notifications/initialized` |',
    '| `tools/call`, `params.name` `n` | `/tools/call/{n}` | `mcp:fs/tools/call/echo` |',
    '| `prompts/get`, `params.name` `n` | `/prompts/get/{n}` | `mcp:fs/prompts/get/greet` |',
    '| `resources/read` (the URI is in the body, which the digest binds) | `/resources/read` | `mcp:fs/resources/read` |',
    '| a response (`result` or `error`) | `/response` | `mcp:fs/response` |',
    '| `GET`, the server\'s event stream | `/stream` | `mcp:fs/stream` |',
    '| `DELETE`, the end of the session | `/session/delete` | `mcp:fs/session/delete` |',
    '',
    ...fence('text', SUFFIX_OF),
    '',
  ]
}

/** Section 13: the MCP profile. */
export function specMcp(v: BindingVectors): string[] {
  return [
    '## 13. The MCP profile',
    '',
    'A guard in front of an MCP server (a Streamable HTTP server on loopback, or a stdio server the standalone guard runs)',
    'verifies under the profile `mcp` instead of the default profile `tools`. The binding is the same: the same headers,',
    'covered components, signature base, keys, window and nonces. What differs is what the gate sends (§13.1), the',
    'message a body must be (§13.2), the name the decision carries (§13.3), and the body pre-check, steps 0, 9 and 11',
    '(§13.4). The stateless revision 2026-07-28 travels the same way, with its own headers bound (§13.6). The codes are',
    'those of §6; nothing here adds one.',
    '',
    ...sent(v),
    ...rules(),
    ...specMcpVerify(v),
  ]
}
