import { sign, verify } from 'node:crypto';
import { keyFromEntry, publicKeyEntry } from './checkpoint.js';
import { MerkleFrontier } from './merkle.js';
import { jcs } from './record.js';
/** Domain separation: a base signature is never a checkpoint signature or a binding. */
export const BASE_CONTEXT = 'verbatim-audit-base/v1';
function message(b) {
    return Buffer.from(jcs({ ctx: BASE_CONTEXT, origin: b.origin, size: b.size, root: b.root, lastHash: b.lastHash, frontier: b.frontier, lastCheckpointSeq: b.lastCheckpointSeq, signer: b.signer }));
}
export function signBase(body, kid, privateKey) {
    const signer = publicKeyEntry(kid, privateKey);
    const unsigned = { ...body, signer: { kid: signer.kid, x: signer.x } };
    return { ...unsigned, sig: sign(null, message(unsigned), privateKey).toString('base64url') };
}
/** Parses a base file's JSON; null when it is not a well-formed base. */
export function parseBase(text) {
    let v;
    try {
        v = JSON.parse(text);
    }
    catch {
        return null;
    }
    if (typeof v !== 'object' || v === null)
        return null;
    const b = v;
    const s = b['signer'];
    const hex64 = (x) => typeof x === 'string' && /^[0-9a-f]{64}$/.test(x);
    if (typeof b['origin'] !== 'string' || !Number.isSafeInteger(b['size']) || b['size'] < 1 || !hex64(b['root']) || !hex64(b['lastHash']) ||
        !Array.isArray(b['frontier']) || !(b['lastCheckpointSeq'] === null || Number.isSafeInteger(b['lastCheckpointSeq'])) ||
        typeof s !== 'object' || s === null || typeof s['kid'] !== 'string' || typeof s['x'] !== 'string' || typeof b['sig'] !== 'string')
        return null;
    return {
        origin: b['origin'], size: b['size'], root: b['root'], lastHash: b['lastHash'],
        frontier: b['frontier'], lastCheckpointSeq: b['lastCheckpointSeq'],
        signer: { kid: s['kid'], x: s['x'] }, sig: b['sig'],
    };
}
/** The frontier of a base, or null when its roots do not fold to its root at its size. */
export function baseFrontier(b) {
    try {
        const f = MerkleFrontier.restore(b.size, b.frontier);
        return f.root() === b.root ? f : null;
    }
    catch {
        return null;
    }
}
/** True when `sig` verifies under `key` (default: the base's own signer) and the frontier folds to the root. */
export function verifyBase(b, key = b.signer) {
    if (baseFrontier(b) === null)
        return false;
    try {
        const { sig, ...unsigned } = b;
        return verify(null, message(unsigned), keyFromEntry(key), Buffer.from(sig, 'base64url'));
    }
    catch {
        return false;
    }
}
/** `<process>-<size, 12 digits>.base.json`: one per sealed point, beside the segment it starts. */
export function baseFileName(process, size) {
    return `${process}-${String(size).padStart(12, '0')}.base.json`;
}
//# sourceMappingURL=base.js.map