import type { JWK } from 'jose';
import type { SigningKey } from './sign.js';
import type { RequestVector, VectorRequest, VerifierState } from './vector-kit.js';
import { VECTOR_INPUT } from './vector-kit.js';
import { MCP_VECTOR_INPUT } from './vectors-mcp.js';
import type { KeySetVector, SigningKeyVector } from './vectors-keys.js';
import type { ReceiptVector } from './vectors-receipt.js';
export { VECTOR_INPUT } from './vector-kit.js';
export { MCP_VECTOR_INPUT } from './vectors-mcp.js';
export type { RequestVector, VectorRequest, VerifierState, VectorStep } from './vector-kit.js';
export type { ReceiptVector } from './vectors-receipt.js';
export type { KeySetVector, SigningKeyVector } from './vectors-keys.js';
/** RFC 8032 §7.1 TEST 1 secret key: the gate's key in the vectors. A published test key: never use it for anything real. */
export declare const TEST_KEY_SEED_HEX = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
/** RFC 8032 §7.1 TEST 2 secret key: the guard's receipt key in the vectors, and "another key" in the refusals. */
export declare const TEST_KEY_2_SEED_HEX = "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb";
/** An Ed25519 signing key from a 32-byte seed (hex). */
export declare function signingKeyFromSeed(seedHex: string): SigningKey;
/** The test signing key of the vectors. */
export declare function testSigningKey(): SigningKey;
/** Codes that no vector can pin, because they depend on something other than the request and the state. */
export declare const UNCOVERED_CODES: ReadonlyArray<{
    code: string;
    reason: string;
}>;
export interface BindingVectors {
    note: string;
    version: 2;
    profile: Record<string, unknown>;
    key: {
        note: string;
        seedHex: string;
        privatePem: string;
        publicJwk: JWK;
        kid: string;
    };
    jwks: {
        keys: JWK[];
    };
    input: typeof VECTOR_INPUT & {
        bodyBase64: string;
    };
    expected: {
        headers: Record<string, string>;
        signatureBase: string;
        created: number;
        expires: number;
    };
    /** The default verifier state; every request vector states its own in full. */
    verifier: VerifierState;
    /** The main MCP vector (docs/binding.md §13.1): its fixed inputs, the request as sent and its signature base. */
    mcp: {
        input: typeof MCP_VECTOR_INPUT;
        request: VectorRequest;
        signatureBase: string;
    };
    requests: RequestVector[];
    receipts: {
        key: {
            note: string;
            seedHex: string;
            publicJwk: JWK;
            kid: string;
        };
        vectors: ReceiptVector[];
    };
    signingKeys: SigningKeyVector[];
    keySets: KeySetVector[];
    uncovered: ReadonlyArray<{
        code: string;
        reason: string;
    }>;
}
/** Builds every vector from the fixed inputs. Deterministic: Ed25519 signatures are (RFC 8032 §5.1.6). */
export declare function buildVectors(): BindingVectors;
/** The text of docs/binding-vectors.json. */
export declare function renderBindingVectorsJson(): string;
