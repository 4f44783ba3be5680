import { KeyObject as NodeKeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createLocalJWKSet, createRemoteJWKSet, errors } from 'jose';
import { JWK_ALG } from '../binding/index.js';
import { VerbatimError } from '../errors/index.js';
function toKeyObject(k) {
    return k instanceof NodeKeyObject ? k : NodeKeyObject.from(k);
}
// A miss (or a set that cannot be had) is "unknown key"; the caller fails closed with ERR_GUARD_KEY_UNKNOWN.
async function lookup(resolve, kid) {
    try {
        const key = toKeyObject(await resolve({ alg: JWK_ALG, kid }));
        // RFC 9421 §7.3.6: the key type must match the profile; an Ed448 key under EdDSA is not ours.
        return key.asymmetricKeyType === 'ed25519' ? key : undefined;
    }
    catch (e) {
        if (e instanceof errors.JWKSNoMatchingKey || e instanceof errors.JWKSMultipleMatchingKeys)
            return undefined;
        throw new VerbatimError('ERR_GUARD_KEY_UNKNOWN', `key set unavailable: ${e.message}`, { cause: e });
    }
}
function fileResolver(path, cooldownMs) {
    let local;
    let loadedAt = -Infinity;
    const load = async () => {
        const set = JSON.parse(await readFile(path, 'utf8'));
        local = createLocalJWKSet(set);
        loadedAt = Date.now();
    };
    return async (header) => {
        if (local === undefined)
            await load();
        try {
            return await local(header);
        }
        catch (e) {
            // Rotation: a new kid may have been added to the file since it was read.
            if (!(e instanceof errors.JWKSNoMatchingKey) || Date.now() - loadedAt < cooldownMs)
                throw e;
            await load();
            return local(header);
        }
    };
}
const LOOPBACK_HOST = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;
/**
 * The trust anchor must not travel in cleartext over the path the binding defends: a JWKS URL is
 * https, or http on loopback only (an attacker on the path could otherwise answer the refetch that
 * any unknown kid triggers with a key of its own).
 */
export function trustedJwksUrl(url) {
    const u = new URL(url);
    if (u.protocol === 'https:' || (u.protocol === 'http:' && LOOPBACK_HOST.test(u.hostname)))
        return u;
    throw new VerbatimError('ERR_CONFIG_INVALID', `JWKS URL ${url}: use https, http on loopback, or a pinned JWKS file`);
}
/**
 * A KeyResolver over a JWKS (exactly one of file, url, jwks). The URL form uses jose's
 * createRemoteJWKSet: cached, refetched when stale or on an unknown kid, at most once per cooldown.
 * @example const keys = jwksKeyResolver({ url: 'http://127.0.0.1:8080/.well-known/jwks.json' })
 */
export function jwksKeyResolver(options) {
    const cooldownMs = options.cooldownMs ?? 30_000;
    const given = [options.file, options.url, options.jwks].filter((x) => x !== undefined).length;
    if (given !== 1)
        throw new VerbatimError('ERR_INTERNAL', 'jwksKeyResolver needs exactly one of file, url, jwks');
    let resolve;
    if (options.url !== undefined) {
        resolve = createRemoteJWKSet(trustedJwksUrl(options.url), { cooldownDuration: cooldownMs, cacheMaxAge: options.cacheMaxAgeMs ?? 600_000 });
    }
    else if (options.file !== undefined) {
        resolve = fileResolver(options.file, cooldownMs);
    }
    else {
        resolve = createLocalJWKSet(options.jwks);
    }
    return (kid) => lookup(resolve, kid);
}
//# sourceMappingURL=keys.js.map