/** @module errors/codes: the one table of error codes, statuses and meanings. */
import type { ContentfulStatusCode } from 'hono/utils/http-status'

/**
 * Every error Verbatim can emit. A code never changes once shipped.
 * `title` is the generic client-facing message; `doc` is the line in docs/errors.md.
 */
export const ERRORS = {
  ERR_INTERNAL: { status: 500, title: 'Internal error', doc: 'An unexpected fault inside Verbatim. The decision id names the audit records that show whether the call was forwarded.' },

  // canonical: strict parse and RFC 8785 bytes (src/canonical)
  ERR_CANONICAL_EMPTY: { status: 400, title: 'Empty body', doc: 'The body is empty or only whitespace.' },
  ERR_CANONICAL_TOO_LARGE: { status: 413, title: 'Body too large', doc: 'The input is larger than the configured byte limit.' },
  ERR_CANONICAL_UTF8: { status: 400, title: 'Invalid UTF-8', doc: 'The bytes are not well-formed UTF-8: a bad or truncated sequence, an overlong form, an encoded surrogate, or a code point above U+10FFFF.' },
  ERR_CANONICAL_BOM: { status: 400, title: 'Byte order mark', doc: 'The body starts with a UTF-8 byte order mark (RFC 8259 §8.1 forbids adding one).' },
  ERR_CANONICAL_SYNTAX: { status: 400, title: 'Invalid JSON', doc: 'Not RFC 8259 JSON: comments, trailing commas, single quotes, NaN/Infinity, leading zeros, bad escapes, non-JSON whitespace and the like.' },
  ERR_CANONICAL_TRAILING: { status: 400, title: 'Trailing data', doc: 'Bytes follow the JSON value (a second value, a NUL, garbage).' },
  ERR_CANONICAL_DEPTH: { status: 400, title: 'Nesting too deep', doc: 'Arrays and objects nest deeper than the configured limit (default 64).' },
  ERR_CANONICAL_DUPLICATE_KEY: { status: 400, title: 'Duplicate key', doc: 'An object has the same key twice, compared after unescaping.' },
  ERR_CANONICAL_CASE_COLLISION: { status: 400, title: 'Case-colliding keys', doc: 'Two keys of one object are equal under case folding (as Go encoding/json matches them; CVE-2026-27896). Can be disabled by configuration.' },
  ERR_CANONICAL_LONE_SURROGATE: { status: 400, title: 'Lone surrogate', doc: 'A \\u escape names a UTF-16 surrogate that is not part of a valid pair.' },
  ERR_CANONICAL_CONTROL_CHAR: { status: 400, title: 'Unescaped control character', doc: 'A string holds a raw control character (U+0000 to U+001F).' },
  ERR_CANONICAL_NONCHARACTER: { status: 400, title: 'Noncharacter', doc: 'A string holds a Unicode noncharacter, which I-JSON (RFC 7493 §2.1) forbids, such as U+FFFF or U+FDD0.' },
  ERR_CANONICAL_NUL: { status: 400, title: 'NUL character', doc: 'A key or string holds U+0000, escaped or not. A NUL-truncating executor would read a different value.' },
  ERR_CANONICAL_NUMBER_RANGE: { status: 400, title: 'Number out of range', doc: 'A number overflows to infinity or underflows to zero in IEEE 754 double precision (e.g. 1e400, 1e-400).' },
  ERR_CANONICAL_NUMBER_PRECISION: { status: 400, title: 'Number loses precision', doc: 'The decimal value of the number differs from the value of its RFC 8785 serialisation (e.g. 9007199254740993). Send such values as strings.' },
  ERR_CANONICAL_PROTO_KEY: { status: 400, title: 'Prototype key', doc: 'The key __proto__, or a key constructor holding prototype, at any depth.' },

  // policy: load and decide (src/policy)
  ERR_POLICY_INVALID: { status: 500, title: 'Policy invalid', doc: 'A policy file failed to load or validate. The gate keeps the last good policy, or refuses to start.' },
  ERR_POLICY_NO_MATCH: { status: 403, title: 'No rule allows this call', doc: 'No rule matched the agent, tool and arguments: default deny.' },
  ERR_POLICY_DENIED: { status: 403, title: 'Denied by policy', doc: 'A matching deny rule denied the call. Any matching deny beats every allow.' },

  // config (src/config)
  ERR_CONFIG_INVALID: { status: 500, title: 'Configuration invalid', doc: 'verbatim.yaml or an environment override failed validation. The process refuses to start.' },

  // intake: authentication, framing, content type (src/intake)
  ERR_INTAKE_UNAUTHENTICATED: { status: 401, title: 'Unauthenticated', doc: 'The bearer token is missing, malformed or matches no configured agent; the detail says which of the three, in fixed words, never the token or an agent.' },
  ERR_INTAKE_METHOD: { status: 405, title: 'Method not allowed', doc: 'Tool calls are POST only.' },
  ERR_INTAKE_BAD_PATH: { status: 400, title: 'Bad path', doc: 'The path is percent-encoded, has dot segments, or the tool name does not match ^[a-z0-9][a-z0-9_.-]{0,127}$.' },
  ERR_INTAKE_CONTENT_TYPE: { status: 415, title: 'Unsupported content type', doc: 'The content type is not application/json (optionally with charset=utf-8).' },
  ERR_INTAKE_CONTENT_ENCODING: { status: 415, title: 'Content encoding not accepted', doc: 'Any Content-Encoding is refused; the gate evaluates bytes as sent.' },
  ERR_INTAKE_EMPTY_BODY: { status: 400, title: 'Body required', doc: 'A tool call has no body.' },
  ERR_INTAKE_LENGTH_MISMATCH: { status: 400, title: 'Framing mismatch', doc: 'The body does not match its framing, e.g. Content-Length: 0 with bytes behind it (the CVE-2024-41110 shape), or both Content-Length and Transfer-Encoding.' },
  ERR_INTAKE_MALFORMED_HTTP: { status: 400, title: 'Malformed HTTP', doc: 'The connection carried bytes that are not a valid HTTP/1.1 request, such as a body smuggled behind Content-Length: 0, both Content-Length and Transfer-Encoding, or a method that is not uppercase letters A-Z (`post`; docs/binding.md §6). The connection is closed and nothing is forwarded.' },
  ERR_INTAKE_TOO_LARGE: { status: 413, title: 'Body too large', doc: 'The body exceeds limits.maxBodyBytes; reading stopped at the limit.' },
  ERR_INTAKE_ABORTED: { status: 400, title: 'Request aborted', doc: 'The client closed the connection before its body was complete. Nothing was evaluated or forwarded; the event is audited without a stack trace.' },
  ERR_INTAKE_BODY_TIMEOUT: { status: 408, title: 'Body too slow', doc: 'The body did not arrive completely within limits.bodyTimeoutMs. Reading stopped, nothing was evaluated, and the connection is closed.' },
  ERR_INTAKE_HEADERS_TIMEOUT: { status: 408, title: 'Head too slow', doc: 'The request head did not arrive completely within limits.headersTimeoutMs (the guard: headersTimeoutMs), counted from the connection\'s start or the request\'s first byte. Nothing was read or evaluated, and the connection is closed.' },
  ERR_INTAKE_NOT_OBJECT: { status: 400, title: 'Arguments must be an object', doc: 'The canonical value of a tool call must be a JSON object.' },

  // gate: routing and forwarding (src/gate)
  ERR_GATE_NOT_FOUND: { status: 404, title: 'Not found', doc: 'No such endpoint.' },
  ERR_GATE_UNKNOWN_TOOL: { status: 404, title: 'Unknown tool', doc: 'No route maps this tool to an upstream.' },
  ERR_GATE_OVERLOADED: { status: 503, title: 'Overloaded', doc: 'The gate sheds load: the upstream concurrency limit and its queue are full, the connection cap is reached (or this connection, unauthenticated and idle, was closed to make room), or the global budget of body bytes in flight is spent. Retry after the jittered Retry-After.' },
  ERR_GATE_CIRCUIT_OPEN: { status: 503, title: 'Upstream circuit open', doc: "The upstream's circuit breaker is open after consecutive connect failures or timeouts: calls fail fast, with a jittered Retry-After, until a few trial calls after a jittered cool-down succeed. Nothing was forwarded." },
  ERR_GATE_UPSTREAM_UNAVAILABLE: { status: 502, title: 'Upstream unavailable', doc: 'The upstream could not be reached or reset the connection. A forwarded call is never retried automatically.' },
  ERR_GATE_UPSTREAM_TIMEOUT: { status: 504, title: 'Upstream timeout', doc: 'The upstream did not answer within upstream.timeoutMs.' },
  ERR_GATE_UPSTREAM_UNGUARDED: { status: 503, title: 'Upstream not guarded', doc: 'The upstream accepted an unsigned or corrupted probe, so it does not verify bindings; the gate refuses to forward to it.' },

  // binding: keys, signing (src/binding)
  ERR_BINDING_KEY: { status: 500, title: 'Signing key unavailable', doc: 'The signing key is missing, unreadable or not Ed25519. The gate refuses to start.' },

  // guard: verification on the executor side (src/guard)
  ERR_GUARD_CONTENT_TYPE: { status: 415, title: 'Unsupported content type', doc: 'The request to the guard has no Content-Type, or one other than application/json (optionally with charset=utf-8). Checked before the binding (docs/binding.md §6 step 0).' },
  ERR_GUARD_SIGNATURE_MISSING: { status: 401, title: 'Binding missing', doc: 'Signature or Signature-Input is absent or empty, or no Signature-Input member is tagged verbatim-v1 (docs/binding.md §6 step 1).' },
  ERR_GUARD_SIGNATURE_MULTIPLE: { status: 401, title: 'More than one binding', doc: 'More than one signature carries the Verbatim tag, or labels do not pair up.' },
  ERR_GUARD_SIGNATURE_MALFORMED: { status: 401, title: 'Malformed binding', doc: 'Signature, Signature-Input, Content-Digest or the decision header is not valid structured-field syntax, or is not written the one way the profile allows: another label, a member not spelled as it serialises (created=N.0, leading zeros, sloppy base64), a parameter or member of the wrong type, a malformed nonce, a policy digest that is not 32 bytes, a tab or non-ASCII byte in a signed value.' },
  ERR_GUARD_PARAMS_MISSING: { status: 401, title: 'Binding incomplete', doc: 'A required signature parameter or covered component is missing, or the components are not exactly the required list.' },
  ERR_GUARD_ALG_UNSUPPORTED: { status: 401, title: 'Algorithm not allowed', doc: 'The alg parameter is not on the allow-list (ed25519).' },
  ERR_GUARD_EXPIRED: { status: 401, title: 'Binding expired', doc: 'The binding expired, allowing for clock skew.' },
  ERR_GUARD_NOT_YET_VALID: { status: 401, title: 'Binding from the future', doc: 'created lies in the future beyond the allowed skew, or the window is longer than allowed.' },
  ERR_GUARD_BEFORE_START: { status: 401, title: 'Binding predates guard start', doc: 'The restart rule: a volatile replay store that was not refilled from this guard\'s executed log cannot vouch for bindings created at or before guard start + skew, nor a shared store for those created at or before its last loss of data + skew (docs/binding.md §8). Retry-After says when fresh bindings are accepted.' },
  ERR_GUARD_KEY_UNKNOWN: { status: 401, title: 'Unknown key', doc: 'The keyid names no usable key of the trusted key set (Ed25519, kid equal to its RFC 7638 thumbprint, alg EdDSA and use sig if present), even after a reload or refetch, or the key set cannot be had.' },
  ERR_GUARD_SIGNATURE_INVALID: { status: 401, title: 'Signature invalid', doc: 'The Ed25519 signature does not verify over the signature base.' },
  ERR_GUARD_DIGEST_MISMATCH: { status: 401, title: 'Digest mismatch', doc: 'The SHA-256 of the received body bytes differs from the signed Content-Digest.' },
  ERR_GUARD_AUDIENCE: { status: 403, title: 'Wrong audience', doc: 'The binding was issued for another executor.' },
  ERR_GUARD_TARGET_MISMATCH: { status: 403, title: 'Target mismatch', doc: 'The decision names a different tool or method than the request carries; for MCP (docs/binding.md §13) also a body that is not one JSON-RPC message, a name, Mcp-Session-Id or MCP-Protocol-Version other than the decision binds, or Mcp-Method / Mcp-Name headers that disagree with the body.' },
  ERR_GUARD_REPLAY: { status: 403, title: 'Binding already used', doc: 'The nonce was already consumed: a replay.' },
  ERR_GUARD_NOT_CANONICAL: { status: 403, title: 'Body not canonical', doc: 'Re-canonicalising the body does not yield the same bytes.' },
  ERR_GUARD_REPLAY_STORE: { status: 503, title: 'Replay store unavailable', doc: 'The replay store could not be reached; the guard fails closed.' },
  ERR_GUARD_EXECUTOR_UNAVAILABLE: { status: 502, title: 'Executor unavailable', doc: 'The standalone guard verified the call but could not reach its executor (HTTP or child process), or the child answered with something other than one JSON line. The call may not have run; it is never retried. When no connection to the executor opened (the call did not run), the answer carries a Retry-After; the gate counts it toward its circuit and readiness.' },
  ERR_GUARD_OVERLOADED: { status: 503, title: 'Guard overloaded', doc: "The standalone guard sheds load before verifying: its connection cap is reached (or this connection, unauthenticated and idle, was closed to make room) or its budget of body bytes in flight is spent. Nothing was verified or run; retry after the jittered Retry-After." },
  ERR_GUARD_EXECUTOR_BUSY: { status: 503, title: 'Executor busy', doc: "The standalone guard's queue for a stdio executor is full; retry later with jitter." },
  ERR_GUARD_RECEIPT_INVALID: { status: 502, title: 'Receipt invalid', doc: "The executor's answer carries no Verbatim-Receipt, or one that does not verify with the upstream's configured guard keys, or that names another decision, digest, audience or status. The call WAS forwarded and may have run: do not repeat it without checking. The gate marks the upstream unguarded until a probe passes again." },
  ERR_GUARD_PATH_OUTSIDE: { status: 403, title: 'Path leaves its roots', doc: "The standalone guard's path check (guard.yaml paths:) resolved a path argument on the executor's file system (realpath) and it leads outside the roots the policy decided on, through a symlink or onto another mount, or it cannot be resolved from its text alone (relative, or a dot-dot past what exists). Refused before the tool runs; docs/guard.md, \"Path check\"." },

  ERR_GUARD_APPROVAL_MISSING: { status: 403, title: 'Approval required', doc: "The guard requires a person's approval for this tool (guard.yaml approvals.require) and the binding names none, or the Verbatim-Approval header is absent (docs/binding.md §14). Nothing ran." },
  ERR_GUARD_APPROVAL_MALFORMED: { status: 403, title: 'Approval malformed', doc: 'The Verbatim-Approval header or the approval members of Verbatim-Decision are not written as docs/binding.md §14 says.' },
  ERR_GUARD_APPROVAL_MISMATCH: { status: 403, title: 'Approval for other bytes', doc: 'The approval the binding carries is for another approval id, agent, tool, audience or digest than the verified request, or its assertions are not the ones the signed decision names (their digests differ). Nothing ran.' },
  ERR_GUARD_APPROVAL_EXPIRED: { status: 403, title: 'Approval expired', doc: "The approval's expires (allowing for clock skew) has passed. Nothing ran." },
  ERR_GUARD_APPROVAL_UNTRUSTED: { status: 403, title: 'Approver not trusted', doc: "An assertion is signed with a credential the guard's approvals.trustFile does not list for the named approver, or fewer distinct trusted approvers of the required group approved than the guard requires. Nothing ran." },
  ERR_GUARD_APPROVAL_INVALID: { status: 403, title: 'Approval does not verify', doc: 'An assertion does not verify (WebAuthn Level 3 §7.2): its challenge is not the one derived from the approval (other bytes were signed), another origin or RP ID, no user presence, no user verification where required, or a bad signature. Nothing ran.' },
  ERR_GUARD_APPROVAL_REPLAY: { status: 403, title: 'Approval already used', doc: 'The guard already ran a call under this approval: an approval covers one run, even from a gate that signs it into a second binding. Nothing ran.' },

  // mcp: JSON-RPC and Streamable HTTP (src/mcp, the gate's and the guard's MCP transports)
  ERR_MCP_BATCH: { status: 400, title: 'JSON-RPC batch refused', doc: 'The body is a JSON array. Batches have carried calls past authorization and audit, and MCP 2025-06-18 removed them: send one message per request.' },
  ERR_MCP_INVALID_MESSAGE: { status: 400, title: 'Not a JSON-RPC 2.0 message', doc: 'No "jsonrpc": "2.0", a method that is not a string, an id that is not a string or an integer, params that are not an object, a tool, prompt or resource name that is missing or not 1-128 printable ASCII characters, or a method spelled like another subject\'s name (response, stream, tools/call/x; docs/binding.md §13.3).' },
  ERR_MCP_HEADER_MISMATCH: { status: 400, title: 'MCP header disagrees with the body', doc: 'An Mcp-Method or Mcp-Name header names another method, tool, prompt or resource than the canonical body, an Mcp-Param-* header differs from the argument it mirrors (or mirrors none the gate knows of: list the tools and retry), or the revision a message declares in _meta is not the MCP-Protocol-Version. At 2026-07-28 also a missing Mcp-Method, or Mcp-Name on tools/call, prompts/get and resources/read. A header that routes or authorizes differently from the body is refused; at 2026-07-28 as JSON-RPC -32020 (HeaderMismatch).' },
  ERR_MCP_PROTOCOL_VERSION: { status: 400, title: 'MCP protocol version refused', doc: 'The MCP-Protocol-Version header names no revision the gate speaks (2026-07-28, 2025-11-25, 2025-06-18; answered as JSON-RPC -32022, UnsupportedProtocolVersion, with the supported list), is missing outside a session, or initialize asks for, or the server chose, a revision the gate does not negotiate (2025-11-25, 2025-06-18).' },
  ERR_MCP_META: { status: 400, title: 'MCP request metadata missing', doc: 'A 2026-07-28 request whose params._meta does not declare its revision (io.modelcontextprotocol/protocolVersion, a String): the stateless revision requires it on every request, and the binding holds it to MCP-Protocol-Version. Answered as JSON-RPC -32602 (Invalid params), as the revision specifies.' },
  ERR_MCP_SESSION: { status: 404, title: 'Unknown MCP session', doc: "The Mcp-Session-Id is not a session this gate saw initialized for this agent (another agent's session, or one from before a restart). Initialize a new session." },
  ERR_MCP_ORIGIN: { status: 403, title: 'Origin or Host not allowed', doc: 'The Origin or Host header is not on the MCP server\'s allow-list (the Streamable HTTP transport requires the check; it stops DNS-rebinding attacks from web pages).' },
  ERR_MCP_NOT_ACCEPTABLE: { status: 406, title: 'Not acceptable', doc: 'A POST to an MCP endpoint must accept both application/json and text/event-stream, and a GET text/event-stream.' },
  ERR_MCP_UNSOLICITED_RESPONSE: { status: 502, title: 'MCP response answers no request', doc: "The MCP server sent a response whose id matches no outstanding request of the session exactly (same JSON type and value: 2 is not \"2\"), on any stream. It is withheld from the agent and audited; a request whose answer was withheld this way gets this error instead." },
  ERR_MCP_UPSTREAM_INVALID: { status: 502, title: 'Unreadable MCP server message', doc: 'The MCP server sent something that is not exactly one strict JSON-RPC 2.0 message (duplicate or case-colliding keys, lone surrogates, imprecise numbers, a batch), or a 2xx body that is neither JSON nor an event stream. It is withheld from the agent and audited: a client might read it otherwise than the gate.' },
  ERR_MCP_SESSION_TAKEN: { status: 502, title: 'MCP session id already in use', doc: "The MCP server answered an initialize with an Mcp-Session-Id the gate already holds for a session (another agent's, or another of this agent's). The session stays with its holder; the new initialize is refused and audited." },
  ERR_MCP_SESSION_QUOTA: { status: 429, title: 'Too many MCP sessions for this agent', doc: "The agent holds mcp.sessions.maxPerAgent sessions and each has a call in flight, so none can make room. End one (DELETE) or retry after Retry-After. An agent at its cap otherwise loses its own least recently used session, never another agent's. At 2026-07-28 also an agent that holds mcp.sessions.maxPerAgent subscriptions/listen streams open." },
  ERR_MCP_SESSIONS_FULL: { status: 503, title: 'MCP session table full', doc: "The gate holds mcp.sessions.max sessions and none is the agent's own to end: the new session is refused rather than another agent's evicted. Retry after Retry-After (when the oldest idle session expires, with jitter)." },
  ERR_MCP_SESSION_STORE: { status: 503, title: 'MCP session store unavailable', doc: 'The shared MCP session store (mcp.sessions.store: redis) did not answer in time: no session is opened, looked up or used, no request put on its ledger and no answer matched without it (fail closed). Retry after Retry-After.' },

  // approval: a person's approval of an ask call (src/approval, src/gate/call/ask.ts; docs/approvals.md)
  ERR_APPROVAL_DENIED: { status: 403, title: 'Approval denied', doc: 'An approver denied the call (their signed denial is in the approved log). The same bytes are refused until the approval expires. Nothing was forwarded.' },
  ERR_APPROVAL_EXPIRED: { status: 403, title: 'Approval expired', doc: 'The approval named was not given, or not used, before its validSeconds ran out (or the gate restarted: pending approvals expire, never carry over). Send the call again to ask anew. Nothing was forwarded.' },
  ERR_APPROVAL_USED: { status: 403, title: 'Approval already used', doc: 'The approval named was used by an earlier call: an approval covers one run. Send the call again to ask anew. Nothing was forwarded.' },
  ERR_APPROVAL_MISMATCH: { status: 403, title: 'Approval is for other bytes', doc: 'The approval named (Verbatim-Approval-Id) is for another agent, tool, audience or digest: an approval covers exactly the canonical bytes the approver was shown. Nothing was forwarded.' },
  ERR_APPROVAL_UNKNOWN: { status: 404, title: 'Unknown approval', doc: 'No approval of this agent has this id: it never existed, belongs to another agent, or was held by a gate that has since restarted.' },
  ERR_APPROVAL_QUOTA: { status: 429, title: 'Too many calls waiting for this agent', doc: 'The agent has approvals.maxPendingPerAgent calls waiting for approval; a new one is refused (Retry-After) until one is decided or expires. Nothing was forwarded.' },
  ERR_APPROVAL_FULL: { status: 503, title: 'Too many calls waiting', doc: 'The gate holds approvals.maxPending calls waiting for approval; a new one is refused (Retry-After). Nothing was forwarded.' },
  ERR_APPROVAL_UNAVAILABLE: { status: 503, title: 'No approvers for this call', doc: "An ask rule matched, but the gate has no approvals section, or the rule's approver group is not in approvals.groups, or the group has no enrolled passkey: nobody could approve it, so it is refused at once. Nothing was forwarded." },

  // console: the approvers' web console (src/console; docs/approvals.md)
  ERR_CONSOLE_UNAUTHENTICATED: { status: 401, title: 'Sign in with a passkey', doc: 'The console request carries no valid session: sign in with an enrolled passkey. A login assertion that does not verify is refused the same way.' },
  ERR_CONSOLE_ORIGIN: { status: 403, title: 'Request from another origin', doc: "A console request that changes state came without an Origin header equal to the console's configured origin (approvals.console.origin), or was marked cross-site by the browser (Sec-Fetch-Site): cross-site request forgery is refused before any other check." },
  ERR_CONSOLE_CSRF: { status: 403, title: 'CSRF token missing or wrong', doc: "A console request that changes state lacked the session's CSRF token (the x-csrf-token header), or sent another." },
  ERR_CONSOLE_ASSERTION: { status: 403, title: 'Passkey assertion refused', doc: "The WebAuthn assertion did not verify (WebAuthn Level 3 §7.2): another challenge (the device signed other bytes), origin or RP ID, no user presence, no user verification where required, a bad signature, or a signCount that did not grow (a replayed assertion or a cloned authenticator). The detail names the check." },
  ERR_CONSOLE_NOT_APPROVER: { status: 403, title: 'Not an approver of this call', doc: "The signed-in approver is not in the approver group the ask rule names (approvals.groups), was removed from it, or signed with a credential that is not theirs." },
  ERR_CONSOLE_REPLAY: { status: 409, title: 'Already decided by this approver', doc: 'This approver already approved or denied this call: an approver counts once (a second assertion, or a replayed one, is refused).' },
  ERR_CONSOLE_DECIDED: { status: 409, title: 'No longer waiting', doc: 'The call is no longer waiting for a decision: it was approved, denied, used, or it expired.' },
  ERR_CONSOLE_ENROLMENT: { status: 403, title: 'Enrolment link not valid', doc: 'The one-time enrolment link is unknown, was used already, or expired (verbatim approvers invite makes a new one), or the passkey it registered did not verify.' },
  ERR_CONSOLE_BAD_REQUEST: { status: 400, title: 'Bad console request', doc: "A console API request's body is not the JSON object the console's own page sends (a member missing or of the wrong type, or JSON with more than one meaning)." },
  ERR_CONSOLE_NOT_FOUND: { status: 404, title: 'Not found', doc: 'No such console page, or no such approval.' },

  // audit (src/audit)
  ERR_AUDIT_UNAVAILABLE: { status: 503, title: 'Audit unavailable', doc: 'The write-ahead audit log could not be made durable. Nothing is forwarded or executed unaudited. A refusal whose record could not be made durable is answered with this code and names no decision. If the call had already been forwarded when its outcome could not be recorded, the detail says so and no Retry-After is sent.' },
} as const satisfies Record<string, { status: ContentfulStatusCode; title: string; doc: string }>

export type ErrorCode = keyof typeof ERRORS

/** HTTP status per code, the single source for every problem+json response. */
export const STATUS_BY_CODE = Object.fromEntries(
  Object.entries(ERRORS).map(([code, e]) => [code, e.status]),
) as { [K in ErrorCode]: (typeof ERRORS)[K]['status'] } satisfies Record<ErrorCode, ContentfulStatusCode>

export const ERROR_CODES = Object.keys(ERRORS) as ErrorCode[]

export function isErrorCode(s: string): s is ErrorCode {
  return Object.hasOwn(ERRORS, s)
}

/**
 * The JSON-RPC errors (JSON-RPC 2.0 §5.1) an MCP client gets from the gate in place of an answer, each
 * with the RFC 9457 problem (its `code`, `decisionId`) as `error.data`. `doc` is the line in docs/errors.md.
 */
export const JSONRPC_ERRORS = {
  // Outside -32768..-32000, which JSON-RPC reserves and MCP 2026-07-28 (basic/index, Error Codes) splits
  // between SDKs (-32000..-32019) and the specification (-32020..-32099); no official SDK defines it.
  denied: {
    code: -31403, name: 'Denied',
    doc: 'A request that policy denied (`ERR_POLICY_DENIED`, `ERR_POLICY_NO_MATCH`); nothing reached the server. HTTP 200, as the transport answers every JSON-RPC response. Do not retry it unchanged. The code lies outside -32768 to -32000, the range JSON-RPC reserves and MCP 2026-07-28 splits between SDKs (-32000 to -32019) and the specification (-32020 to -32099), and is none that the official SDKs define: the TypeScript SDK 1.32 (-32000 ConnectionClosed, -32001 RequestTimeout, -32042) and the Python SDK mcp 2.3.0 (the same, -32020 to -32022, and -32800 RequestCancelled). Until this release denials were -32001, which both SDKs read as a timeout that frameworks retry.',
  },
  refused: {
    code: -31400, name: 'Refused by the gate (mcp-bridge)',
    doc: 'Only from `verbatim mcp-bridge`: the gate refused the HTTP request that carried this message (a wrong token, server or host, an overload, an audit outage), so nothing reached the server. `error.data` is the gate\'s RFC 9457 problem: its `code` and `status` say whether a retry can help (`Retry-After` where the gate gave one). Outside the reserved range, for the reason given for -31403.',
  },
  headerMismatch: {
    code: -32020, name: 'HeaderMismatch (MCP 2026-07-28)',
    doc: 'HTTP 400, `ERR_MCP_HEADER_MISMATCH`, on a 2026-07-28 request: a routing or mirrored header is missing or disagrees with the body. The official SDKs list the tools again and retry once.',
  },
  unsupportedProtocolVersion: {
    code: -32022, name: 'UnsupportedProtocolVersion (MCP 2026-07-28)',
    doc: 'HTTP 400, `ERR_MCP_PROTOCOL_VERSION`, on a request whose MCP-Protocol-Version names no revision the gate speaks; `error.data` also holds `supported` (the revisions the gate speaks) and `requested`, so a client can retry with one of them.',
  },
  invalidParams: {
    code: -32602, name: 'Invalid params (JSON-RPC 2.0)',
    doc: 'HTTP 400, `ERR_MCP_META`: a 2026-07-28 request without its revision in `params._meta`.',
  },
  approvalPending: {
    code: -31202, name: 'Waiting for approval',
    doc: 'An ask rule matched (docs/approvals.md): the request waits for a person to approve exactly this message (its `id` aside). `error.data` holds `approvalId`, `statusUrl` (`GET` it with the same bearer token), `url` (the console page approvers open), `expires` and `retryAfter`. Send the same request again (any id, or with `Verbatim-Approval-Id`) once approved: it runs once. Outside the reserved range, for the reason given for -31403.',
  },
  urlElicitationRequired: {
    code: -32042, name: 'URLElicitationRequired (MCP 2025-11-25)',
    doc: 'The same, to a 2025-11-25 client that declared URL-mode elicitation (`capabilities.elicitation.url`): `error.data.elicitations` holds one URL-mode elicitation (`elicitationId` the approval id, `url` the console page, `message` the reason), so the client offers the user the page; it sends the request again once the user is done.',
  },
  withheld: {
    code: -32603, name: 'Internal error (JSON-RPC 2.0)',
    doc: 'The answer to this request was withheld (`ERR_MCP_UNSOLICITED_RESPONSE`, `ERR_MCP_UPSTREAM_INVALID`, `ERR_MCP_SESSION_TAKEN`, an initialize answer in a revision the gate does not speak): the request may have run at the server.',
  },
} as const satisfies Record<string, { code: number; name: string; doc: string }>
