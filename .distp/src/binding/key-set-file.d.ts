import type { JSONWebKeySet } from 'jose';
/**
 * Reads a JWK Set file and returns a set of its usable keys only (docs/binding.md §9). Throws ERR_CONFIG_INVALID,
 * saying why, when the file cannot be read, is not JSON, is a single JWK rather than a set, is not a set, or
 * holds no usable Ed25519 key. Keys that are not usable (another type, a kid that is not the thumbprint…) are
 * left out: they are not trusted.
 * @example const set = await readKeySetFile('gate-keys/jwks.json') // at start: fail fast with a clear message
 */
export declare function readKeySetFile(path: string): Promise<JSONWebKeySet>;
