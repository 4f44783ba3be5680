/**
 * Every error Verbatim can emit. A code never changes once shipped.
 * `title` is the generic client-facing message; `doc` is the line in docs/errors.md.
 */
export declare const ERRORS: {
    readonly ERR_INTERNAL: {
        readonly status: 500;
        readonly title: "Internal error";
        readonly doc: "An unexpected fault inside Verbatim. The decision id names the audit records that show whether the call was forwarded.";
    };
    readonly ERR_CANONICAL_EMPTY: {
        readonly status: 400;
        readonly title: "Empty body";
        readonly doc: "The body is empty or only whitespace.";
    };
    readonly ERR_CANONICAL_TOO_LARGE: {
        readonly status: 413;
        readonly title: "Body too large";
        readonly doc: "The input is larger than the configured byte limit.";
    };
    readonly ERR_CANONICAL_UTF8: {
        readonly status: 400;
        readonly title: "Invalid UTF-8";
        readonly doc: "The bytes are not well-formed UTF-8: a bad or truncated sequence, an overlong form, an encoded surrogate, or a code point above U+10FFFF.";
    };
    readonly ERR_CANONICAL_BOM: {
        readonly status: 400;
        readonly title: "Byte order mark";
        readonly doc: "The body starts with a UTF-8 byte order mark (RFC 8259 §8.1 forbids adding one).";
    };
    readonly ERR_CANONICAL_SYNTAX: {
        readonly status: 400;
        readonly title: "Invalid JSON";
        readonly doc: "Not RFC 8259 JSON: comments, trailing commas, single quotes, NaN/Infinity, leading zeros, bad escapes, non-JSON whitespace and the like.";
    };
    readonly ERR_CANONICAL_TRAILING: {
        readonly status: 400;
        readonly title: "Trailing data";
        readonly doc: "Bytes follow the JSON value (a second value, a NUL, garbage).";
    };
    readonly ERR_CANONICAL_DEPTH: {
        readonly status: 400;
        readonly title: "Nesting too deep";
        readonly doc: "Arrays and objects nest deeper than the configured limit (default 64).";
    };
    readonly ERR_CANONICAL_DUPLICATE_KEY: {
        readonly status: 400;
        readonly title: "Duplicate key";
        readonly doc: "An object has the same key twice, compared after unescaping.";
    };
    readonly ERR_CANONICAL_CASE_COLLISION: {
        readonly status: 400;
        readonly title: "Case-colliding keys";
        readonly doc: "Two keys of one object are equal under case folding (as Go encoding/json matches them; CVE-2026-27896). Can be disabled by configuration.";
    };
    readonly ERR_CANONICAL_LONE_SURROGATE: {
        readonly status: 400;
        readonly title: "Lone surrogate";
        readonly doc: "A \\u escape names a UTF-16 surrogate that is not part of a valid pair.";
    };
    readonly ERR_CANONICAL_CONTROL_CHAR: {
        readonly status: 400;
        readonly title: "Unescaped control character";
        readonly doc: "A string holds a raw control character (U+0000 to U+001F).";
    };
    readonly ERR_CANONICAL_NONCHARACTER: {
        readonly status: 400;
        readonly title: "Noncharacter";
        readonly doc: "A string holds a Unicode noncharacter, which I-JSON (RFC 7493 §2.1) forbids, such as U+FFFF or U+FDD0.";
    };
    readonly ERR_CANONICAL_NUL: {
        readonly status: 400;
        readonly title: "NUL character";
        readonly doc: "A key or string holds U+0000, escaped or not. A NUL-truncating executor would read a different value.";
    };
    readonly ERR_CANONICAL_NUMBER_RANGE: {
        readonly status: 400;
        readonly title: "Number out of range";
        readonly doc: "A number overflows to infinity or underflows to zero in IEEE 754 double precision (e.g. 1e400, 1e-400).";
    };
    readonly ERR_CANONICAL_NUMBER_PRECISION: {
        readonly status: 400;
        readonly title: "Number loses precision";
        readonly doc: "The decimal value of the number differs from the value of its RFC 8785 serialisation (e.g. 9007199254740993). Send such values as strings.";
    };
    readonly ERR_CANONICAL_PROTO_KEY: {
        readonly status: 400;
        readonly title: "Prototype key";
        readonly doc: "The key __proto__, or a key constructor holding prototype, at any depth.";
    };
    readonly ERR_POLICY_INVALID: {
        readonly status: 500;
        readonly title: "Policy invalid";
        readonly doc: "A policy file failed to load or validate. The gate keeps the last good policy, or refuses to start.";
    };
    readonly ERR_POLICY_NO_MATCH: {
        readonly status: 403;
        readonly title: "No rule allows this call";
        readonly doc: "No rule matched the agent, tool and arguments: default deny.";
    };
    readonly ERR_POLICY_DENIED: {
        readonly status: 403;
        readonly title: "Denied by policy";
        readonly doc: "A matching deny rule denied the call. Any matching deny beats every allow.";
    };
    readonly ERR_CONFIG_INVALID: {
        readonly status: 500;
        readonly title: "Configuration invalid";
        readonly doc: "verbatim.yaml or an environment override failed validation. The process refuses to start.";
    };
    readonly ERR_INTAKE_UNAUTHENTICATED: {
        readonly status: 401;
        readonly title: "Unauthenticated";
        readonly doc: "The bearer token is missing or does not match a configured agent. The client sees a generic message.";
    };
    readonly ERR_INTAKE_METHOD: {
        readonly status: 405;
        readonly title: "Method not allowed";
        readonly doc: "Tool calls are POST only.";
    };
    readonly ERR_INTAKE_BAD_PATH: {
        readonly status: 400;
        readonly title: "Bad path";
        readonly doc: "The path is percent-encoded, has dot segments, or the tool name does not match ^[a-z0-9][a-z0-9_.-]{0,127}$.";
    };
    readonly ERR_INTAKE_CONTENT_TYPE: {
        readonly status: 415;
        readonly title: "Unsupported content type";
        readonly doc: "The content type is not application/json (optionally with charset=utf-8).";
    };
    readonly ERR_INTAKE_CONTENT_ENCODING: {
        readonly status: 415;
        readonly title: "Content encoding not accepted";
        readonly doc: "Any Content-Encoding is refused; the gate evaluates bytes as sent.";
    };
    readonly ERR_INTAKE_EMPTY_BODY: {
        readonly status: 400;
        readonly title: "Body required";
        readonly doc: "A tool call has no body.";
    };
    readonly ERR_INTAKE_LENGTH_MISMATCH: {
        readonly status: 400;
        readonly title: "Framing mismatch";
        readonly doc: "The body does not match its framing, e.g. Content-Length: 0 with bytes behind it (the CVE-2024-41110 shape), or both Content-Length and Transfer-Encoding.";
    };
    readonly ERR_INTAKE_MALFORMED_HTTP: {
        readonly status: 400;
        readonly title: "Malformed HTTP";
        readonly doc: "The connection carried bytes that are not a valid HTTP/1.1 request, such as a body smuggled behind Content-Length: 0, or both Content-Length and Transfer-Encoding. The connection is closed and nothing is forwarded.";
    };
    readonly ERR_INTAKE_TOO_LARGE: {
        readonly status: 413;
        readonly title: "Body too large";
        readonly doc: "The body exceeds limits.maxBodyBytes; reading stopped at the limit.";
    };
    readonly ERR_INTAKE_ABORTED: {
        readonly status: 400;
        readonly title: "Request aborted";
        readonly doc: "The client closed the connection before its body was complete. Nothing was evaluated or forwarded; the event is audited without a stack trace.";
    };
    readonly ERR_INTAKE_BODY_TIMEOUT: {
        readonly status: 408;
        readonly title: "Body too slow";
        readonly doc: "The body did not arrive completely within limits.bodyTimeoutMs. Reading stopped, nothing was evaluated, and the connection is closed.";
    };
    readonly ERR_INTAKE_NOT_OBJECT: {
        readonly status: 400;
        readonly title: "Arguments must be an object";
        readonly doc: "The canonical value of a tool call must be a JSON object.";
    };
    readonly ERR_GATE_NOT_FOUND: {
        readonly status: 404;
        readonly title: "Not found";
        readonly doc: "No such endpoint.";
    };
    readonly ERR_GATE_UNKNOWN_TOOL: {
        readonly status: 404;
        readonly title: "Unknown tool";
        readonly doc: "No route maps this tool to an upstream.";
    };
    readonly ERR_GATE_OVERLOADED: {
        readonly status: 503;
        readonly title: "Overloaded";
        readonly doc: "The gate sheds load: the upstream concurrency limit and its queue are full, the connection cap is reached, or the global budget of body bytes in flight is spent. Retry after the jittered Retry-After.";
    };
    readonly ERR_GATE_CIRCUIT_OPEN: {
        readonly status: 503;
        readonly title: "Upstream circuit open";
        readonly doc: "The upstream's circuit breaker is open after consecutive connect failures or timeouts: calls fail fast, with a jittered Retry-After, until a few trial calls after a jittered cool-down succeed. Nothing was forwarded.";
    };
    readonly ERR_GATE_UPSTREAM_UNAVAILABLE: {
        readonly status: 502;
        readonly title: "Upstream unavailable";
        readonly doc: "The upstream could not be reached or reset the connection. A forwarded call is never retried automatically.";
    };
    readonly ERR_GATE_UPSTREAM_TIMEOUT: {
        readonly status: 504;
        readonly title: "Upstream timeout";
        readonly doc: "The upstream did not answer within upstream.timeoutMs.";
    };
    readonly ERR_GATE_UPSTREAM_UNGUARDED: {
        readonly status: 503;
        readonly title: "Upstream not guarded";
        readonly doc: "The upstream accepted an unsigned or corrupted probe, so it does not verify bindings; the gate refuses to forward to it.";
    };
    readonly ERR_BINDING_KEY: {
        readonly status: 500;
        readonly title: "Signing key unavailable";
        readonly doc: "The signing key is missing, unreadable or not Ed25519. The gate refuses to start.";
    };
    readonly ERR_GUARD_CONTENT_TYPE: {
        readonly status: 415;
        readonly title: "Unsupported content type";
        readonly doc: "The request to the guard has no Content-Type, or one other than application/json (optionally with charset=utf-8). Checked before the binding (docs/binding.md §6 step 0).";
    };
    readonly ERR_GUARD_SIGNATURE_MISSING: {
        readonly status: 401;
        readonly title: "Binding missing";
        readonly doc: "Signature or Signature-Input is absent or empty, or no Signature-Input member is tagged verbatim-v1 (docs/binding.md §6 step 1).";
    };
    readonly ERR_GUARD_SIGNATURE_MULTIPLE: {
        readonly status: 401;
        readonly title: "More than one binding";
        readonly doc: "More than one signature carries the Verbatim tag, or labels do not pair up.";
    };
    readonly ERR_GUARD_SIGNATURE_MALFORMED: {
        readonly status: 401;
        readonly title: "Malformed binding";
        readonly doc: "Signature, Signature-Input, Content-Digest or the decision header is not valid structured-field syntax, or is not written the one way the profile allows: another label, a member not spelled as it serialises (created=N.0, leading zeros, sloppy base64), a parameter or member of the wrong type, a malformed nonce, a policy digest that is not 32 bytes, a tab or non-ASCII byte in a signed value.";
    };
    readonly ERR_GUARD_PARAMS_MISSING: {
        readonly status: 401;
        readonly title: "Binding incomplete";
        readonly doc: "A required signature parameter or covered component is missing, or the components are not exactly the required list.";
    };
    readonly ERR_GUARD_ALG_UNSUPPORTED: {
        readonly status: 401;
        readonly title: "Algorithm not allowed";
        readonly doc: "The alg parameter is not on the allow-list (ed25519).";
    };
    readonly ERR_GUARD_EXPIRED: {
        readonly status: 401;
        readonly title: "Binding expired";
        readonly doc: "The binding expired, allowing for clock skew.";
    };
    readonly ERR_GUARD_NOT_YET_VALID: {
        readonly status: 401;
        readonly title: "Binding from the future";
        readonly doc: "created lies in the future beyond the allowed skew, or the window is longer than allowed.";
    };
    readonly ERR_GUARD_BEFORE_START: {
        readonly status: 401;
        readonly title: "Binding predates guard start";
        readonly doc: "The restart rule: a volatile replay store that was not refilled from this guard's executed log cannot vouch for bindings created at or before guard start + skew (docs/binding.md §8).";
    };
    readonly ERR_GUARD_KEY_UNKNOWN: {
        readonly status: 401;
        readonly title: "Unknown key";
        readonly doc: "The keyid names no usable key of the trusted key set (Ed25519, kid equal to its RFC 7638 thumbprint, alg EdDSA and use sig if present), even after a reload or refetch, or the key set cannot be had.";
    };
    readonly ERR_GUARD_SIGNATURE_INVALID: {
        readonly status: 401;
        readonly title: "Signature invalid";
        readonly doc: "The Ed25519 signature does not verify over the signature base.";
    };
    readonly ERR_GUARD_DIGEST_MISMATCH: {
        readonly status: 401;
        readonly title: "Digest mismatch";
        readonly doc: "The SHA-256 of the received body bytes differs from the signed Content-Digest.";
    };
    readonly ERR_GUARD_AUDIENCE: {
        readonly status: 403;
        readonly title: "Wrong audience";
        readonly doc: "The binding was issued for another executor.";
    };
    readonly ERR_GUARD_TARGET_MISMATCH: {
        readonly status: 403;
        readonly title: "Target mismatch";
        readonly doc: "The decision names a different tool or method than the request carries; for MCP (docs/binding.md §13) also a body that is not one JSON-RPC message, a name, Mcp-Session-Id or MCP-Protocol-Version other than the decision binds, or Mcp-Method / Mcp-Name headers that disagree with the body.";
    };
    readonly ERR_GUARD_REPLAY: {
        readonly status: 403;
        readonly title: "Binding already used";
        readonly doc: "The nonce was already consumed: a replay.";
    };
    readonly ERR_GUARD_NOT_CANONICAL: {
        readonly status: 403;
        readonly title: "Body not canonical";
        readonly doc: "Re-canonicalising the body does not yield the same bytes.";
    };
    readonly ERR_GUARD_REPLAY_STORE: {
        readonly status: 503;
        readonly title: "Replay store unavailable";
        readonly doc: "The replay store could not be reached; the guard fails closed.";
    };
    readonly ERR_GUARD_EXECUTOR_UNAVAILABLE: {
        readonly status: 502;
        readonly title: "Executor unavailable";
        readonly doc: "The standalone guard verified the call but could not reach its executor (HTTP or child process), or the child answered with something other than one JSON line. The call may not have run; it is never retried.";
    };
    readonly ERR_GUARD_OVERLOADED: {
        readonly status: 503;
        readonly title: "Guard overloaded";
        readonly doc: "The standalone guard sheds load before verifying: its connection cap is reached or its budget of body bytes in flight is spent. Nothing was verified or run; retry after the jittered Retry-After.";
    };
    readonly ERR_GUARD_EXECUTOR_BUSY: {
        readonly status: 503;
        readonly title: "Executor busy";
        readonly doc: "The standalone guard's queue for a stdio executor is full; retry later with jitter.";
    };
    readonly ERR_GUARD_RECEIPT_INVALID: {
        readonly status: 502;
        readonly title: "Receipt invalid";
        readonly doc: "The executor's answer carries no Verbatim-Receipt, or one that does not verify with the upstream's configured guard keys, or that names another decision, digest, audience or status. The call WAS forwarded and may have run: do not repeat it without checking. The gate marks the upstream unguarded until a probe passes again.";
    };
    readonly ERR_MCP_BATCH: {
        readonly status: 400;
        readonly title: "JSON-RPC batch refused";
        readonly doc: "The body is a JSON array. Batches have carried calls past authorization and audit, and MCP 2025-06-18 removed them: send one message per request.";
    };
    readonly ERR_MCP_INVALID_MESSAGE: {
        readonly status: 400;
        readonly title: "Not a JSON-RPC 2.0 message";
        readonly doc: "No \"jsonrpc\": \"2.0\", a method that is not a string, an id that is not a string or an integer, params that are not an object, a tool, prompt or resource name that is missing or not 1-128 printable ASCII characters, or a method spelled like another subject's name (response, stream, tools/call/x; docs/binding.md §13.3).";
    };
    readonly ERR_MCP_HEADER_MISMATCH: {
        readonly status: 400;
        readonly title: "MCP header disagrees with the body";
        readonly doc: "An Mcp-Method or Mcp-Name header names another method, tool, prompt or resource than the canonical body. A header that routes or authorizes differently from the body is refused.";
    };
    readonly ERR_MCP_PROTOCOL_VERSION: {
        readonly status: 400;
        readonly title: "MCP protocol version refused";
        readonly doc: "The MCP-Protocol-Version header is missing after initialization, differs from the version negotiated for the session, or the client or server chose a revision the gate does not speak (2025-11-25, 2025-06-18).";
    };
    readonly ERR_MCP_SESSION: {
        readonly status: 404;
        readonly title: "Unknown MCP session";
        readonly doc: "The Mcp-Session-Id is not a session this gate saw initialized for this agent (another agent's session, or one from before a restart). Initialize a new session.";
    };
    readonly ERR_MCP_ORIGIN: {
        readonly status: 403;
        readonly title: "Origin or Host not allowed";
        readonly doc: "The Origin or Host header is not on the MCP server's allow-list (the Streamable HTTP transport requires the check; it stops DNS-rebinding attacks from web pages).";
    };
    readonly ERR_MCP_NOT_ACCEPTABLE: {
        readonly status: 406;
        readonly title: "Not acceptable";
        readonly doc: "A POST to an MCP endpoint must accept both application/json and text/event-stream, and a GET text/event-stream.";
    };
    readonly ERR_AUDIT_UNAVAILABLE: {
        readonly status: 503;
        readonly title: "Audit unavailable";
        readonly doc: "The write-ahead audit log could not be made durable. Nothing is forwarded or executed unaudited. If the call had already been forwarded when its outcome could not be recorded, the detail says so and no Retry-After is sent.";
    };
};
export type ErrorCode = keyof typeof ERRORS;
/** HTTP status per code, the single source for every problem+json response. */
export declare const STATUS_BY_CODE: {
    ERR_INTERNAL: 500;
    ERR_CANONICAL_EMPTY: 400;
    ERR_CANONICAL_TOO_LARGE: 413;
    ERR_CANONICAL_UTF8: 400;
    ERR_CANONICAL_BOM: 400;
    ERR_CANONICAL_SYNTAX: 400;
    ERR_CANONICAL_TRAILING: 400;
    ERR_CANONICAL_DEPTH: 400;
    ERR_CANONICAL_DUPLICATE_KEY: 400;
    ERR_CANONICAL_CASE_COLLISION: 400;
    ERR_CANONICAL_LONE_SURROGATE: 400;
    ERR_CANONICAL_CONTROL_CHAR: 400;
    ERR_CANONICAL_NONCHARACTER: 400;
    ERR_CANONICAL_NUL: 400;
    ERR_CANONICAL_NUMBER_RANGE: 400;
    ERR_CANONICAL_NUMBER_PRECISION: 400;
    ERR_CANONICAL_PROTO_KEY: 400;
    ERR_POLICY_INVALID: 500;
    ERR_POLICY_NO_MATCH: 403;
    ERR_POLICY_DENIED: 403;
    ERR_CONFIG_INVALID: 500;
    ERR_INTAKE_UNAUTHENTICATED: 401;
    ERR_INTAKE_METHOD: 405;
    ERR_INTAKE_BAD_PATH: 400;
    ERR_INTAKE_CONTENT_TYPE: 415;
    ERR_INTAKE_CONTENT_ENCODING: 415;
    ERR_INTAKE_EMPTY_BODY: 400;
    ERR_INTAKE_LENGTH_MISMATCH: 400;
    ERR_INTAKE_MALFORMED_HTTP: 400;
    ERR_INTAKE_TOO_LARGE: 413;
    ERR_INTAKE_ABORTED: 400;
    ERR_INTAKE_BODY_TIMEOUT: 408;
    ERR_INTAKE_NOT_OBJECT: 400;
    ERR_GATE_NOT_FOUND: 404;
    ERR_GATE_UNKNOWN_TOOL: 404;
    ERR_GATE_OVERLOADED: 503;
    ERR_GATE_CIRCUIT_OPEN: 503;
    ERR_GATE_UPSTREAM_UNAVAILABLE: 502;
    ERR_GATE_UPSTREAM_TIMEOUT: 504;
    ERR_GATE_UPSTREAM_UNGUARDED: 503;
    ERR_BINDING_KEY: 500;
    ERR_GUARD_CONTENT_TYPE: 415;
    ERR_GUARD_SIGNATURE_MISSING: 401;
    ERR_GUARD_SIGNATURE_MULTIPLE: 401;
    ERR_GUARD_SIGNATURE_MALFORMED: 401;
    ERR_GUARD_PARAMS_MISSING: 401;
    ERR_GUARD_ALG_UNSUPPORTED: 401;
    ERR_GUARD_EXPIRED: 401;
    ERR_GUARD_NOT_YET_VALID: 401;
    ERR_GUARD_BEFORE_START: 401;
    ERR_GUARD_KEY_UNKNOWN: 401;
    ERR_GUARD_SIGNATURE_INVALID: 401;
    ERR_GUARD_DIGEST_MISMATCH: 401;
    ERR_GUARD_AUDIENCE: 403;
    ERR_GUARD_TARGET_MISMATCH: 403;
    ERR_GUARD_REPLAY: 403;
    ERR_GUARD_NOT_CANONICAL: 403;
    ERR_GUARD_REPLAY_STORE: 503;
    ERR_GUARD_EXECUTOR_UNAVAILABLE: 502;
    ERR_GUARD_OVERLOADED: 503;
    ERR_GUARD_EXECUTOR_BUSY: 503;
    ERR_GUARD_RECEIPT_INVALID: 502;
    ERR_MCP_BATCH: 400;
    ERR_MCP_INVALID_MESSAGE: 400;
    ERR_MCP_HEADER_MISMATCH: 400;
    ERR_MCP_PROTOCOL_VERSION: 400;
    ERR_MCP_SESSION: 404;
    ERR_MCP_ORIGIN: 403;
    ERR_MCP_NOT_ACCEPTABLE: 406;
    ERR_AUDIT_UNAVAILABLE: 503;
};
export declare const ERROR_CODES: ErrorCode[];
export declare function isErrorCode(s: string): s is ErrorCode;
