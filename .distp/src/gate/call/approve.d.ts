import { VerbatimError } from '../../errors/index.js';
import type { GateDeps, UpstreamRuntime } from '../deps.js';
import type { Call } from './trail.js';
export interface ApproveInput {
    agent: string;
    /** The name policy decided on, signed into Verbatim-Decision as `tool`. */
    tool: string;
    upstream: UpstreamRuntime;
    method: 'POST' | 'GET' | 'DELETE';
    /** Where the call goes; its path is signed as received by the guard. */
    url: URL;
    /** Exactly the canonical bytes forwarded (empty for a bodiless request). */
    bytes: Uint8Array;
    policyDigest: string;
    /** MCP: the Mcp-Session-Id the request carries, bound into the decision (docs/binding.md §13). */
    session?: string;
    /** MCP: the MCP-Protocol-Version forwarded, bound into the decision. */
    protocol?: string;
    /** False for a call that holds no concurrency slot (an MCP GET stream, which may stay open for hours). */
    limited?: boolean;
}
/** What is forwarded: exactly these bytes, with these headers, to this URL. */
export interface Approval {
    upstream: UpstreamRuntime;
    url: URL;
    method: ApproveInput['method'];
    bytes: Uint8Array;
    /** The binding headers and the content type. */
    headers: Record<string, string>;
    /** Gives back the concurrency slot (once the answer is in, or the call failed). */
    release: () => void;
}
/** Why the gate will not forward to an upstream right now (DESIGN invariant 4: fail closed). */
export declare function notGuarded(u: UpstreamRuntime): VerbatimError;
/**
 * The allowed call is bound and made durable: the upstream must be known guarded (nothing waits
 * for a probe: the call fails at once and a probe starts behind it), its circuit closed (or trying
 * again), a concurrency slot free within the queue timeout; then the binding is signed over the exact
 * bytes (RFC 9421) and the `decision` record is durable before a byte goes upstream (DESIGN
 * invariants 4, 6 and 7). The approval holds the slot until the answer is in.
 */
export declare function approve(deps: GateDeps, call: Call, a: ApproveInput): Promise<Approval>;
