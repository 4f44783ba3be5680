/** @module binding/sign: the gate side, which signs a decision over the forwarded bytes (RFC 9421 §3.1). */
import type { KeyObject } from 'node:crypto';
import type { JWK } from 'jose';
import type { BindingDecision } from './decision-header.js';
/** An Ed25519 signing key with its RFC 7638 thumbprint as `kid`. */
export interface SigningKey {
    kid: string;
    privateKey: KeyObject;
    publicJwk: JWK;
}
export interface SignBindingInput {
    method: string;
    /** The request path exactly as sent upstream, e.g. `/v1/tools/fs.read`. */
    path: string;
    /** The query as sent, with or without `?`; the gate sends none. */
    query?: string;
    /** The exact body bytes that go upstream. */
    body: Uint8Array;
    decision: BindingDecision;
    key: SigningKey;
    /** Unix seconds (injected time). */
    now: number;
    ttlSeconds: number;
    /** At least 128 random bits, base64url without padding; see newNonce(). */
    nonce: string;
}
export interface SignedBinding {
    /** Lowercase header names: content-digest, verbatim-decision, signature-input, signature. */
    headers: Record<string, string>;
    created: number;
    expires: number;
    nonce: string;
    signatureBase: string;
}
/** A base64url nonce of 16 random bytes (128 bits). The only impure helper of the signer. */
export declare function newNonce(): string;
export declare const NONCE_PATTERN: RegExp;
/**
 * Signs a binding. Pure apart from the key: time and nonce are injected, and Ed25519 is deterministic
 * (RFC 8032 §5.1.6), so fixed inputs give fixed headers (see docs/binding.md, test vectors).
 * @example
 * const { headers } = signBinding({ method: 'POST', path: '/v1/tools/fs.read', body, decision, key, now: 1767225600, ttlSeconds: 60, nonce: newNonce() })
 */
export declare function signBinding(input: SignBindingInput): SignedBinding;
