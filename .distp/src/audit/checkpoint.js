import { createPublicKey, sign, verify } from 'node:crypto';
import { jcs } from './record.js';
/** Domain separation so a checkpoint signature can never be mistaken for another Verbatim signature. */
export const CHECKPOINT_CONTEXT = 'verbatim-audit-checkpoint/v1';
/** The exact bytes signed: RFC 8785 of {ctx, origin, size, root, kid}. */
export function checkpointMessage(body) {
    return Buffer.from(jcs({ ctx: CHECKPOINT_CONTEXT, origin: body.origin, size: body.size, root: body.root, kid: body.kid }));
}
/** The checkpoint record's own fields: body plus a base64url Ed25519 signature. */
export function signCheckpoint(body, privateKey) {
    const sig = sign(null, checkpointMessage(body), privateKey).toString('base64url');
    return { origin: body.origin, size: body.size, root: body.root, kid: body.kid, sig };
}
export function verifyCheckpointSignature(body, sig, key) {
    try {
        return verify(null, checkpointMessage(body), key, Buffer.from(sig, 'base64url'));
    }
    catch {
        return false;
    }
}
/** {kid, x} of an Ed25519 key, as recorded in `start` records. */
export function publicKeyEntry(kid, key) {
    const pub = key.type === 'private' ? createPublicKey(key) : key;
    const jwk = pub.export({ format: 'jwk' });
    if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') {
        throw new TypeError('audit: signer key must be Ed25519');
    }
    return { kid, x: jwk.x };
}
export function keyFromEntry(entry) {
    return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: entry.x }, format: 'jwk' });
}
/** The key of an entry, or null when it is not a usable Ed25519 key. */
export function keyOrNull(entry) {
    try {
        return keyFromEntry(entry);
    }
    catch {
        return null;
    }
}
//# sourceMappingURL=checkpoint.js.map