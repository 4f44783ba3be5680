/** @module binding/verify: pure verification steps 3, 4, 6, 7, 8 and 9 of docs/binding.md. */
import type { KeyObject } from 'node:crypto';
import type { ParsedBinding } from './parse.js';
import type { SignatureParams } from './signature-base.js';
export declare const DEFAULT_SKEW_SECONDS = 30;
export declare const DEFAULT_TTL_SECONDS = 60;
export declare const DEFAULT_MAX_TTL_SECONDS = 300;
export interface WindowOptions {
    /** Allowed clock difference between gate and guard, default 30 s. */
    skewSeconds?: number;
    /** Longest accepted expires - created, default 300 s. */
    maxTtlSeconds?: number;
}
/** Step 3: `alg` is on the allow-list (only ed25519 by default; RFC 9421 §7.3.6 do not trust a key's own alg). */
export declare function checkAlg(parsed: ParsedBinding, allowed?: readonly string[]): void;
/**
 * Step 4: the window. `now` in unix seconds. Rejects, in this order: a window that is empty or longer
 * than maxTtl, created beyond now + skew, expires before now - skew.
 */
export declare function checkWindow(params: SignatureParams, now: number, options?: WindowOptions): void;
/**
 * Step 10a, the restart rule, for a replay store that forgot its nonces when the guard started.
 * The previous process may have accepted, at any time before `startedAt`, a binding whose created
 * lies up to `skew` in its future; so every binding created at or before startedAt + skew is refused.
 */
export declare function checkRestart(params: SignatureParams, startedAt: number, skewSeconds?: number): void;
/**
 * How long a claimed nonce must be remembered, in seconds from `now`: the window is checked in whole
 * seconds and stays open through second expires + skew, so the nonce lives one second longer than
 * expires + skew - now, whatever fraction of `now` has passed.
 */
export declare function replayHoldSeconds(params: SignatureParams, now: number, skewSeconds?: number): number;
/** Step 6: the Ed25519 signature over the signature base (RFC 9421 §3.3.6, RFC 8032 §5.1.7). */
export declare function verifySignature(parsed: ParsedBinding, publicKey: KeyObject): void;
/** Step 7: SHA-256 recomputed over the raw received bytes, never a decoded string (RFC 9530 §2). */
export declare function checkDigest(parsed: ParsedBinding, body: Uint8Array): void;
/** Step 8: the binding is for this executor. */
export declare function checkAudience(parsed: ParsedBinding, audience: string): void;
/**
 * Step 9 of an MCP binding (docs/binding.md §13): the decision names `mcp:{server}{suffix}`, where
 * the suffix is what the guard derives from the request itself (the JSON-RPC message of a POST, or
 * /stream for GET and /session/delete for DELETE), and its `session` and `protocol` members are the
 * request's Mcp-Session-Id and MCP-Protocol-Version (each: both absent, or equal).
 */
export declare function checkMcpTarget(parsed: ParsedBinding, suffix: string, sessionHeader: string | null, protocolHeader: string | null): void;
/** Step 9: POST, and the signed path ends in `/v1/tools/{decision.tool}`. */
export declare function checkTarget(parsed: ParsedBinding): void;
