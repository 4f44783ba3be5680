/** @module binding/receipt: the Verbatim-Receipt header, a compact JWS (RFC 7515 §7.1, EdDSA RFC 8037) the guard signs after the tool ran. */
import type { KeyObject } from 'node:crypto';
import type { JWK } from 'jose';
import type { KeyResolver } from './key-set.js';
export declare const RECEIPT_HEADER = "verbatim-receipt";
/** The JWS `typ` of a receipt (RFC 7515 §4.1.9). */
export declare const RECEIPT_TYP = "verbatim-receipt+jws";
/** What a receipt asserts: this guard executed this decision over these bytes, with this status. */
export interface ReceiptClaims {
    decisionId: string;
    /** Lowercase hex SHA-256 of the bytes the tool executed on. */
    digest: string;
    /** HTTP status the executor answered. */
    status: number;
    /** Unix seconds when the guard signed. */
    ts: number;
    /** The guard's audience (the executor's identity in the binding). */
    aud: string;
}
export interface ReceiptSigner {
    kid: string;
    privateKey: KeyObject;
}
/**
 * Signs a receipt: `BASE64URL(header) . BASE64URL(claims) . BASE64URL(Ed25519 signature)`.
 * Synchronous (node:crypto), so the node:http adapter can set it in writeHead; the output is a
 * standard compact JWS that jose's compactVerify accepts (see verifyReceipt).
 */
export declare function signReceipt(claims: ReceiptClaims, signer: ReceiptSigner): string;
/**
 * Verifies a Verbatim-Receipt header with the guard's public JWK (jose compactVerify, EdDSA only)
 * and returns its claims. Throws ERR_GUARD_RECEIPT_INVALID.
 * @example const claims = await verifyReceipt(res.headers.get('verbatim-receipt'), guardJwk)
 */
export declare function verifyReceipt(header: string, guardPublicJwk: JWK): Promise<ReceiptClaims>;
/** What the gate expects a receipt to say about the call it forwarded and the answer it relays. */
export interface ExpectedReceipt {
    decisionId: string;
    digest: string;
    aud: string;
    status: number;
}
/**
 * The gate's check of a `Verbatim-Receipt` (docs/binding.md §12): a compact JWS (RFC 7515 §7.1) with
 * alg EdDSA, typ verbatim-receipt+jws and a kid the trusted key set resolves, whose claims name this
 * call's decision id, digest and audience and the status being relayed. Synchronous Ed25519 (RFC 8037
 * §3.1) after the one key lookup. Throws ERR_GUARD_RECEIPT_INVALID, saying which check failed.
 * @example const claims = await checkReceipt(res.headers['verbatim-receipt'], { decisionId, digest, aud, status }, keys)
 */
export declare function checkReceipt(header: string | undefined, expect: ExpectedReceipt, keys: KeyResolver): Promise<ReceiptClaims>;
