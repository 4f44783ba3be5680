import type { JWK } from 'jose';
import type { ExpectedReceipt, ReceiptClaims } from './receipt.js';
import type { SigningKey } from './sign.js';
export interface ReceiptVector {
    name: string;
    /** The Verbatim-Receipt field value, or null when the answer carries none. */
    header: string | null;
    /** The guard keys configured for the upstream (the key rules of §9 apply). */
    keys: JWK[];
    /** This call: its decision id, the digest of the forwarded bytes, the upstream audience, the status relayed. */
    expected: ExpectedReceipt;
    /** 'accept', or ERR_GUARD_RECEIPT_INVALID. */
    expect: string;
    /** For accepted vectors: the claims. */
    claims?: ReceiptClaims;
}
/** `guard` signs receipts; `gate` is a key the gate trusts for bindings but not as a guard key. */
export declare function receiptVectors(guard: SigningKey, gate: SigningKey, expected: ExpectedReceipt, ts: number): ReceiptVector[];
