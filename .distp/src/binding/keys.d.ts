/** @module binding/keys: Ed25519 key generation, files and loading (the fs edge of binding). */
import type { KeyObject } from 'node:crypto';
import type { SigningKey } from './sign.js';
/** Builds a SigningKey from an Ed25519 private KeyObject; kid is the RFC 7638 thumbprint. */
export declare function signingKeyFromPrivate(privateKey: KeyObject): SigningKey;
/** Parses a PKCS#8 PEM Ed25519 private key. */
export declare function signingKeyFromPem(pem: string | Uint8Array): SigningKey;
/** A fresh Ed25519 key pair. */
export declare function generateKeyPair(): Promise<SigningKey>;
/** The JWK Set (RFC 7517 §5) that `writeKeyFiles` keeps next to the keys, for guards to trust. */
export declare const JWKS_FILE_NAME = "jwks.json";
export interface KeyFiles {
    privatePath: string;
    publicPath: string;
    /** `<dir>/jwks.json`, holding every public key generated into dir (and any it held before). */
    jwksPath: string;
    /** How many keys the set holds now; more than 1 means the new key was added to an existing set. */
    jwksKeys: number;
}
/**
 * Writes `<kid>.key.pem` (PKCS#8 PEM, mode 0600) and `<kid>.jwk.json` (public JWK) into dir, and adds
 * the public JWK to `<dir>/jwks.json`, creating it if needed. Never overwrites a key file. An
 * existing jwks.json keeps its keys (rotation: the new key is published next to the old); one that is
 * not a set of Ed25519 public keys is refused with ERR_BINDING_KEY before anything is written.
 */
export declare function writeKeyFiles(dir: string, key: SigningKey): Promise<KeyFiles>;
/** Loads a PKCS#8 PEM Ed25519 private key. ERR_BINDING_KEY when missing, unreadable or not Ed25519. */
export declare function loadSigningKey(path: string): Promise<SigningKey>;
