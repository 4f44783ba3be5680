import { createHash } from 'node:crypto';
import { calculateJwkThumbprint } from 'jose';
import { VerbatimError } from '../errors/index.js';
/** JOSE alg for Ed25519 keys in the JWKS (RFC 8037 §3.1). */
export const JWK_ALG = 'EdDSA';
/** RFC 7638 thumbprint (sha-256, base64url) through jose. */
export async function thumbprint(jwk) {
    return calculateJwkThumbprint(jwk, 'sha256');
}
/**
 * The same RFC 7638 thumbprint, synchronously, for OKP keys only: SHA-256 over the required members
 * crv, kty, x (RFC 8037 §2) in lexicographic order with no whitespace (RFC 7638 §3.2).
 */
export function thumbprintSync(jwk) {
    if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') {
        throw new VerbatimError('ERR_BINDING_KEY', 'not an Ed25519 OKP JWK');
    }
    const json = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x });
    return createHash('sha256').update(json).digest('base64url');
}
/** The public JWK of an Ed25519 key: kty, crv, x, kid (thumbprint), alg, use. Never `d`. */
export function publicJwkOf(key) {
    if (key.asymmetricKeyType !== 'ed25519')
        throw new VerbatimError('ERR_BINDING_KEY', 'key is not Ed25519');
    const full = key.export({ format: 'jwk' });
    if (typeof full.x !== 'string')
        throw new VerbatimError('ERR_BINDING_KEY', 'key has no public part');
    const base = { kty: 'OKP', crv: 'Ed25519', x: full.x };
    return { ...base, kid: thumbprintSync(base), alg: JWK_ALG, use: 'sig' };
}
function isSigningKey(k) {
    return 'publicJwk' in k && 'privateKey' in k;
}
/**
 * The JWKS document (RFC 7517 §5) for the given keys: public members only, each with its thumbprint as kid.
 * The gate passes its current key and the previous keys still inside their rotation window.
 */
export function jwks(keys) {
    return {
        keys: keys.map((k) => {
            const jwk = isSigningKey(k) ? k.publicJwk : k;
            const base = { kty: 'OKP', crv: 'Ed25519', x: jwk.x };
            // The kid is always the RFC 7638 thumbprint: a guard trusts no other (docs/binding.md §9).
            return { ...base, kid: thumbprintSync(base), alg: JWK_ALG, use: 'sig' };
        }),
    };
}
//# sourceMappingURL=jwks.js.map