import { sign } from 'node:crypto';
import { compactVerify, importJWK } from 'jose';
import { JWK_ALG } from '../binding/index.js';
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
//# sourceMappingURL=receipt.js.map