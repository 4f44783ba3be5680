/** @module binding/vectors-receipt: receipt vectors, what the gate's checkReceipt accepts and refuses (docs/binding.md §12). */
import { sign } from 'node:crypto';
import { jwks } from './jwks.js';
import { RECEIPT_TYP, signReceipt } from './receipt.js';
const b64u = (s) => Buffer.from(s).toString('base64url');
/** A compact JWS with any header and payload, for the refusals signReceipt cannot produce. */
function jws(header, payload, key) {
    const input = `${b64u(JSON.stringify(header))}.${b64u(JSON.stringify(payload))}`;
    return `${input}.${b64u(sign(null, Buffer.from(input, 'ascii'), key.privateKey))}`;
}
/** `guard` signs receipts; `gate` is a key the gate trusts for bindings but not as a guard key. */
export function receiptVectors(guard, gate, expected, ts) {
    const keys = jwks([guard]).keys;
    const claims = { decisionId: expected.decisionId, digest: expected.digest, status: expected.status, ts, aud: expected.aud };
    const good = signReceipt(claims, guard);
    const [h, p, s] = good.split('.');
    const head = { alg: 'EdDSA', kid: guard.kid, typ: RECEIPT_TYP };
    const r = (name, header, expect = 'ERR_GUARD_RECEIPT_INVALID', over = {}) => ({ name, header, keys, expected, expect, ...over });
    return [
        r('the receipt for the test-vector call', good, 'accept', { claims }),
        r('a receipt with an extra claim (ignored, but signed)', jws(head, { ...claims, note: 'x' }, guard), 'accept', { claims: { ...claims, note: 'x' } }),
        r('the same receipt, the key listed without alg and use', good, 'accept', { claims, keys: [{ kty: 'OKP', crv: 'Ed25519', x: guard.publicJwk.x, kid: guard.kid }] }),
        r('no receipt', null),
        r('an empty receipt', ''),
        r('not a compact JWS (two parts)', `${h}.${p}`),
        r('a part outside base64url', `${h}.${p}.${s}=`),
        r('a header that is not JSON', `${b64u('{alg')}.${p}.${s}`),
        r('alg none', jws({ ...head, alg: 'none' }, claims, guard)),
        r('typ JWT', jws({ ...head, typ: 'JWT' }, claims, guard)),
        r('no kid', jws({ alg: 'EdDSA', typ: RECEIPT_TYP }, claims, guard)),
        r('signed by a key that is not a trusted guard key', signReceipt(claims, gate)),
        r('a kid the set holds under a wrong thumbprint', good, undefined, { keys: [{ ...keys[0], kid: 'x' }] }),
        r('the payload edited after signing', `${h}.${b64u(JSON.stringify({ ...claims, status: 201 }))}.${s}`),
        r('a signature of 63 bytes', `${h}.${p}.${b64u(Buffer.from(s, 'base64url').subarray(0, 63))}`),
        r('a digest that is not 64 hex digits', jws(head, { ...claims, digest: expected.digest.toUpperCase() }, guard)),
        r('a status that is a string', jws(head, { ...claims, status: String(claims.status) }, guard)),
        r('for another decision', signReceipt({ ...claims, decisionId: `${claims.decisionId}X` }, guard)),
        r('over other bytes', signReceipt({ ...claims, digest: 'ab'.repeat(32) }, guard)),
        r('from another audience', signReceipt({ ...claims, aud: 'sandbox-2' }, guard)),
        r('for another status than the one relayed', signReceipt({ ...claims, status: 500 }, guard)),
    ];
}
//# sourceMappingURL=vectors-receipt.js.map