/** The decision the gate binds to the bytes it forwards. */
export interface BindingDecision {
    /** Decision id, also returned to the agent as `Verbatim-Decision-Id`. */
    id: string;
    /** The authenticated agent id. */
    agent: string;
    /** The tool name, as in `/v1/tools/{tool}`; for MCP, the policy name `mcp:{server}/…` of the message. */
    tool: string;
    /** SHA-256 of the policy set that decided, lowercase hex. */
    policyDigest: string;
    /** The executor this binding is for (the upstream's configured audience). */
    audience: string;
    /** MCP only: the Mcp-Session-Id the request carries (absent when it carries none). */
    session?: string;
    /** MCP only: the MCP-Protocol-Version the request carries (absent when it carries none). */
    protocol?: string;
}
export declare const DECISION_HEADER = "verbatim-decision";
/** The `policy` member: a SHA-256, exactly 32 bytes. */
export declare const POLICY_DIGEST_BYTES = 32;
/**
 * Serialises a decision: `id="…", agent="…", tool="…", policy=:<base64>:, aud="…"`.
 * Members in that fixed order; `policy` is the raw digest bytes as an RFC 8941 §3.3.5 Byte Sequence.
 */
export declare function serializeDecision(d: BindingDecision): string;
/**
 * Parses a received `Verbatim-Decision` value (step 2i of docs/binding.md §6): members checked in the order
 * id, agent, tool, policy, aud. Unknown members and member parameters are ignored (they are signed anyway).
 */
export declare function parseDecision(value: string): BindingDecision;
