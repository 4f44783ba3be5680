/** @module binding/key-set-file: read a JWK Set file (RFC 7517 §5) and keep its usable Ed25519 keys (the fs edge). */
import { readFile } from 'node:fs/promises';
import { VerbatimError } from '../errors/index.js';
import { keyProblem } from './key-rules.js';
function invalid(message, cause) {
    return new VerbatimError('ERR_CONFIG_INVALID', message, cause === undefined ? {} : { cause });
}
/**
 * Reads a JWK Set file and returns a set of its usable keys only (docs/binding.md §9). Throws ERR_CONFIG_INVALID,
 * saying why, when the file cannot be read, is not JSON, is a single JWK rather than a set, is not a set, or
 * holds no usable Ed25519 key. Keys that are not usable (another type, a kid that is not the thumbprint…) are
 * left out: they are not trusted.
 * @example const set = await readKeySetFile('gate-keys/jwks.json') // at start: fail fast with a clear message
 */
export async function readKeySetFile(path) {
    let text;
    try {
        text = await readFile(path, 'utf8');
    }
    catch (e) {
        throw invalid(`${path}: cannot read the key set (${e.code ?? 'error'})`, e);
    }
    let doc;
    try {
        doc = JSON.parse(text);
    }
    catch (e) {
        throw invalid(`${path}: the key set is not JSON (${e.message})`, e);
    }
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
        throw invalid(`${path} is not a JWK Set: expected {"keys":[…]}`);
    const o = doc;
    if (o.keys === undefined && o.kty !== undefined) {
        throw invalid(`${path} is a single JWK, not a JWK Set; use the jwks.json that \`verbatim keys generate\` writes`);
    }
    if (!Array.isArray(o.keys))
        throw invalid(`${path} is not a JWK Set: expected {"keys":[…]}`);
    const problems = o.keys.map((k, i) => [i, keyProblem(k)]);
    const keys = o.keys.filter((_k, i) => problems[i]?.[1] === undefined);
    if (keys.length === 0) {
        const why = problems.map(([i, p]) => `keys[${i}] ${p ?? ''}`).join('; ');
        throw invalid(`${path} holds no usable Ed25519 key${why === '' ? ' (the set is empty)' : `: ${why}`}`);
    }
    return { keys };
}
//# sourceMappingURL=key-set-file.js.map