import type { SigningKey } from './sign.js';
export interface SigningKeyVector {
    name: string;
    /** A PEM file as the gate (or the guard, for receipts) would load it. */
    pem: string;
    /** 'accept' (then `kid` is its thumbprint) or ERR_BINDING_KEY. */
    expect: string;
    kid?: string;
}
export interface KeySetVector {
    name: string;
    /** The text of a JWK Set file. */
    text: string;
    /** 'accept' (then `usableKids` lists the trusted keys, in order) or ERR_CONFIG_INVALID. */
    expect: string;
    usableKids?: string[];
}
export declare function signingKeyVectors(key: SigningKey): SigningKeyVector[];
export declare function keySetVectors(key: SigningKey): KeySetVector[];
