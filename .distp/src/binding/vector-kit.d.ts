import type { JWK } from 'jose';
import type { BindingDecision } from './decision-header.js';
import type { SigningKey } from './sign.js';
/** The fixed inputs of the main vector (docs/binding.md §10.2). */
export declare const VECTOR_INPUT: {
    readonly method: "POST";
    readonly path: "/v1/tools/fs.read";
    readonly query: "";
    readonly body: "{\"path\":\"/workspace/a.txt\"}";
    readonly decision: {
        id: string;
        agent: string;
        tool: string;
        policyDigest: string;
        audience: string;
    };
    readonly now: 1767225600;
    readonly ttlSeconds: 60;
    readonly nonce: "AAECAwQFBgcICQoLDA0ODw";
};
/** A request as the guard receives it; `query` is raw, with its leading `?`, and header names are lowercase. */
export interface VectorRequest {
    method: string;
    path: string;
    query: string;
    headers: Record<string, string>;
    bodyBase64: string;
}
/** Everything a verifier needs besides the request, stated explicitly for every vector. */
export interface VerifierState {
    /** The guard's clock, unix seconds. */
    now: number;
    /** The guard's configured audience. */
    audience: string;
    /** The key set as configured: the verifier applies the key rules of §9 to it. */
    keys: JWK[];
    skewSeconds: number;
    maxTtlSeconds: number;
    /** The body limit of the pre-check. */
    maxBodyBytes: number;
    /** Set when the restart rule applies (a volatile store that was not refilled): the guard's start, unix seconds. */
    startedAt?: number;
    /** Nonces the replay store already holds. */
    seenNonces?: string[];
    /** 'unavailable': every claim fails (a lost Redis, a full memory store). */
    replayStore?: 'unavailable';
    /** What the executor speaks: absent or 'tools', POST /v1/tools/{tool}; 'mcp', the MCP profile of docs/binding.md §13. */
    profile?: 'tools' | 'mcp';
}
/** The step of docs/binding.md §6 that refuses a vector: 'body' is the pre-check before step 0. */
export type VectorStep = 'body' | 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11;
export interface RequestVector {
    name: string;
    /** The refusing step; absent on accepted vectors. */
    step?: VectorStep;
    request: VectorRequest;
    verifier: VerifierState;
    /** 'accept', or the error code the guard answers. */
    expect: string;
    /** For accepted vectors: the value the tool receives. */
    value?: unknown;
}
export declare const b64: (s: string | Uint8Array) => string;
export declare const CONTENT_TYPE = "application/json";
/** Signing and verifying defaults, bound to one key. */
export interface Kit {
    key: SigningKey;
    created: number;
    expires: number;
    /** The main vector's request. */
    ok: VectorRequest;
    /** The main vector's signature base. */
    base: string;
    /** The default verifier: 10 s after created, the test key set. */
    verifier: VerifierState;
    sign(over?: SignOver): VectorRequest;
    /** The signature base of what `sign(over)` signs. */
    baseOf(over?: SignOver): string;
    /** Re-signs a request whose base the signer would refuse to build (e.g. a tab in a header value). */
    signRaw(headers: Record<string, string>, base: string): Record<string, string>;
    vector(name: string, expect: string, step: VectorStep | undefined, req?: Partial<VectorRequest>, v?: Partial<VerifierState>, value?: unknown): RequestVector;
}
export interface SignOver {
    body?: string | Uint8Array;
    decision?: Partial<BindingDecision>;
    path?: string;
    method?: string;
    ttl?: number;
    key?: SigningKey;
}
export declare function kit(key: SigningKey): Kit;
