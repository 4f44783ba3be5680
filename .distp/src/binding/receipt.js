import { sign, verify } from 'node:crypto';
import { compactVerify, importJWK } from 'jose';
import { JWK_ALG } from './jwks.js';
import { VerbatimError } from '../errors/index.js';
export const RECEIPT_HEADER = 'verbatim-receipt';
/** The JWS `typ` of a receipt (RFC 7515 §4.1.9). */
export const RECEIPT_TYP = 'verbatim-receipt+jws';
const b64u = (s) => Buffer.from(s).toString('base64url');
/**
 * Signs a receipt: `BASE64URL(header) . BASE64URL(claims) . BASE64URL(Ed25519 signature)`.
 * Synchronous (node:crypto), so the node:http adapter can set it in writeHead; the output is a
 * standard compact JWS that jose's compactVerify accepts (see verifyReceipt).
 */
export function signReceipt(claims, signer) {
    const header = b64u(JSON.stringify({ alg: JWK_ALG, kid: signer.kid, typ: RECEIPT_TYP }));
    const payload = b64u(JSON.stringify({ decisionId: claims.decisionId, digest: claims.digest, status: claims.status, ts: claims.ts, aud: claims.aud }));
    const input = `${header}.${payload}`;
    // RFC 8037 §3.1: EdDSA signs the ASCII JWS signing input directly.
    return `${input}.${b64u(sign(null, Buffer.from(input, 'ascii'), signer.privateKey))}`;
}
function isClaims(v) {
    if (typeof v !== 'object' || v === null)
        return false;
    const c = v;
    return typeof c.decisionId === 'string' && typeof c.digest === 'string' && /^[0-9a-f]{64}$/.test(c.digest) &&
        Number.isSafeInteger(c.status) && Number.isSafeInteger(c.ts) && typeof c.aud === 'string';
}
/**
 * Verifies a Verbatim-Receipt header with the guard's public JWK (jose compactVerify, EdDSA only)
 * and returns its claims. Throws ERR_GUARD_RECEIPT_INVALID.
 * @example const claims = await verifyReceipt(res.headers.get('verbatim-receipt'), guardJwk)
 */
export async function verifyReceipt(header, guardPublicJwk) {
    let claims;
    try {
        const key = await importJWK({ ...guardPublicJwk, alg: JWK_ALG }, JWK_ALG);
        const { payload, protectedHeader } = await compactVerify(header.trim(), key, { algorithms: [JWK_ALG] });
        if (protectedHeader.typ !== RECEIPT_TYP)
            throw new Error(`typ is ${String(protectedHeader.typ)}`);
        if (guardPublicJwk.kid !== undefined && protectedHeader.kid !== guardPublicJwk.kid)
            throw new Error('kid does not match the key');
        claims = JSON.parse(new TextDecoder().decode(payload));
    }
    catch (e) {
        throw new VerbatimError('ERR_GUARD_RECEIPT_INVALID', `receipt does not verify: ${e.message}`, { cause: e });
    }
    if (!isClaims(claims))
        throw new VerbatimError('ERR_GUARD_RECEIPT_INVALID', 'receipt claims are malformed');
    return claims;
}
function invalid(message) {
    return new VerbatimError('ERR_GUARD_RECEIPT_INVALID', message);
}
/**
 * The gate's check of a `Verbatim-Receipt` (docs/binding.md §12): a compact JWS (RFC 7515 §7.1) with
 * alg EdDSA, typ verbatim-receipt+jws and a kid the trusted key set resolves, whose claims name this
 * call's decision id, digest and audience and the status being relayed. Synchronous Ed25519 (RFC 8037
 * §3.1) after the one key lookup. Throws ERR_GUARD_RECEIPT_INVALID, saying which check failed.
 * @example const claims = await checkReceipt(res.headers['verbatim-receipt'], { decisionId, digest, aud, status }, keys)
 */
export async function checkReceipt(header, expect, keys) {
    if (header === undefined || header === '')
        throw invalid('the answer carries no Verbatim-Receipt');
    const parts = header.split('.');
    if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]+$/.test(p)))
        throw invalid('the receipt is not a compact JWS');
    const [h, p, s] = parts;
    let head;
    let claims;
    try {
        head = JSON.parse(Buffer.from(h, 'base64url').toString('utf8'));
        claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
    }
    catch {
        throw invalid('the receipt header or payload is not JSON');
    }
    const hd = head;
    if (typeof hd !== 'object' || hd === null || hd.alg !== JWK_ALG || hd.typ !== RECEIPT_TYP || typeof hd.kid !== 'string') {
        throw invalid('the receipt header is not {alg: EdDSA, typ: verbatim-receipt+jws, kid}');
    }
    const key = await keys(hd.kid);
    if (key === undefined)
        throw invalid(`the receipt is signed with kid ${hd.kid}, which is not a trusted guard key`);
    const sig = Buffer.from(s, 'base64url');
    let ok = false;
    try {
        ok = sig.length === 64 && verify(null, Buffer.from(`${h}.${p}`, 'ascii'), key, sig);
    }
    catch {
        ok = false;
    }
    if (!ok)
        throw invalid('the receipt signature does not verify');
    if (!isClaims(claims))
        throw invalid('the receipt claims are malformed');
    for (const k of ['decisionId', 'digest', 'aud', 'status']) {
        if (claims[k] !== expect[k])
            throw invalid(`the receipt names ${k} ${JSON.stringify(claims[k])}, this call is ${JSON.stringify(expect[k])}`);
    }
    return claims;
}
//# sourceMappingURL=receipt.js.map