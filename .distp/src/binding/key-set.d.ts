/** @module binding/key-set: trusted Ed25519 keys from a JWKS file, a JWKS URL or a literal set, through jose. */
import type { KeyObject } from 'node:crypto';
import type { JWK } from 'jose';
/** Resolves a `keyid` to an Ed25519 public key, or undefined when it is not trusted. */
export type KeyResolver = (kid: string) => Promise<KeyObject | undefined>;
export interface JwksKeyResolverOptions {
    /** A JWKS file (RFC 7517 §5), re-read on an unknown kid under the cooldown. */
    file?: string;
    /** The gate's `/.well-known/jwks.json`; cached, refetched on an unknown kid under the cooldown. */
    url?: string;
    /** A literal key set. */
    jwks?: {
        keys: JWK[];
    };
    /** Least time between two refetches caused by unknown kids (default 30 000 ms). */
    cooldownMs?: number;
    /** Longest a fetched set is trusted before a refetch (default 600 000 ms). */
    cacheMaxAgeMs?: number;
}
/**
 * The trust anchor must not travel in cleartext over the path the binding defends: a JWKS URL is
 * https, or http on loopback only (an attacker on the path could otherwise answer the refetch that
 * any unknown kid triggers with a key of its own).
 */
export declare function trustedJwksUrl(url: string): URL;
/**
 * A KeyResolver over a JWKS (exactly one of file, url, jwks). The URL form uses jose's
 * createRemoteJWKSet: cached, refetched when stale or on an unknown kid, at most once per cooldown.
 * Only usable keys are trusted (keyProblem): Ed25519, alg EdDSA and use sig if present, kid = RFC 7638 thumbprint.
 * @example const keys = jwksKeyResolver({ url: 'http://127.0.0.1:8080/.well-known/jwks.json' })
 */
export declare function jwksKeyResolver(options: JwksKeyResolverOptions): KeyResolver;
