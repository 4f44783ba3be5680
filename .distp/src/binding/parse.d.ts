import type { BindingDecision } from './decision-header.js';
import type { SignatureParams } from './signature-base.js';
/** What the verifier needs from the received request. `headers` returns the combined field value or null. */
export interface BindingRequest {
    method: string;
    path: string;
    /** The raw query, with or without `?`; empty when there is none. */
    query: string;
    headers: (name: string) => string | null;
}
export interface ParsedBinding {
    label: string;
    components: string[];
    params: SignatureParams;
    signature: Uint8Array;
    decision: BindingDecision;
    digestHeader: string;
    /** The sha-256 member of Content-Digest (32 bytes). */
    digest: Uint8Array;
    method: string;
    path: string;
    signatureBase: string;
}
/**
 * Verification steps 1-2 of docs/binding.md: selects the single verbatim-v1 signature, checks its
 * spelling, parameters and components, parses Content-Digest and Verbatim-Decision, and rebuilds the signature base.
 * Throws ERR_GUARD_SIGNATURE_MISSING / _MULTIPLE / _MALFORMED or ERR_GUARD_PARAMS_MISSING.
 */
export declare function parseBinding(req: BindingRequest): ParsedBinding;
