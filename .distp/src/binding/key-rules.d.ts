/** @module binding/key-rules: which JWKs a guard or gate trusts to verify Ed25519 signatures (docs/binding.md §9). */
import type { KeyObject } from 'node:crypto';
import type { JWK } from 'jose';
/**
 * Why a JWK is not a usable Ed25519 verification key, or undefined when it is. Usable means: kty OKP, crv
 * Ed25519, x 32 bytes in canonical base64url, no private member d, alg EdDSA if present (RFC 8037 §3.1), use sig
 * if present and key_ops holding verify if present (RFC 7517 §4.2-4.3), and a kid equal to its RFC 7638
 * thumbprint, so that a kid names exactly one key.
 */
export declare function keyProblem(jwk: unknown): string | undefined;
/** The usable keys of a set (see keyProblem); the others are not trusted. */
export declare function usableKeys(keys: readonly unknown[]): JWK[];
/** True when `key` is an Ed25519 public key whose RFC 7638 thumbprint is `kid` (checked on every lookup, whatever the source). */
export declare function isTrustedKey(key: KeyObject, kid: string): boolean;
