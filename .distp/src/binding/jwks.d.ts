/** @module binding/jwks: public JWKs, RFC 7638 thumbprints and the JWKS document the gate publishes. */
import type { KeyObject } from 'node:crypto';
import type { JWK } from 'jose';
import type { SigningKey } from './sign.js';
/** JOSE alg for Ed25519 keys in the JWKS (RFC 8037 §3.1). */
export declare const JWK_ALG = "EdDSA";
/** RFC 7638 thumbprint (sha-256, base64url) through jose. */
export declare function thumbprint(jwk: JWK): Promise<string>;
/**
 * The same RFC 7638 thumbprint, synchronously, for OKP keys only: SHA-256 over the required members
 * crv, kty, x (RFC 8037 §2) in lexicographic order with no whitespace (RFC 7638 §3.2).
 */
export declare function thumbprintSync(jwk: JWK): string;
/** The public JWK of an Ed25519 key: kty, crv, x, kid (thumbprint), alg, use. Never `d`. */
export declare function publicJwkOf(key: KeyObject): JWK;
/**
 * The JWKS document (RFC 7517 §5) for the given keys: public members only, each with its thumbprint as kid.
 * The gate passes its current key and the previous keys still inside their rotation window.
 */
export declare function jwks(keys: ReadonlyArray<SigningKey | JWK>): {
    keys: JWK[];
};
