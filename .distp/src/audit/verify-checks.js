import { verifyBase } from './base.js';
import { keyOrNull, verifyCheckpointSignature } from './checkpoint.js';
/** With trust anchors, a signer key must be one of them. */
export function checkTrust(at, seq, s, what, trusted, fault) {
    if (trusted !== undefined && !trusted.some((t) => t.x === s.x)) {
        fault(at, seq, 'untrusted-key', `the ${what}'s signer key (kid ${s.kid}) is not among the trusted keys: the log may have been re-signed`);
    }
}
/** A checkpoint: its fields, its signature (the log's key, then the trusted one), its size and its root (`want`, when known). */
export function checkCheckpoint(at, r, want, signer, trusted, fault) {
    const { size, root, kid, sig, origin } = r;
    if (typeof size !== 'number' || typeof root !== 'string' || typeof kid !== 'string' || typeof sig !== 'string' || typeof origin !== 'string') {
        fault(at, r.seq, 'malformed', 'checkpoint lacks size, root, kid, sig or origin');
        return;
    }
    if (signer === null)
        fault(at, r.seq, 'bad-signature', 'checkpoint before any start record declared a signer key');
    else if (kid !== signer.entry.kid)
        fault(at, r.seq, 'bad-signature', `checkpoint signed by kid ${kid}, but the log's start declared kid ${signer.entry.kid}`);
    else if (signer.key === null || !verifyCheckpointSignature({ origin, size, root, kid }, sig, signer.key)) {
        fault(at, r.seq, 'bad-signature', `checkpoint signature does not verify under the start record's key (kid ${kid})`);
    }
    else if (trusted !== undefined) {
        const t = trusted.find((k) => k.kid === kid);
        const tk = t === undefined ? null : keyOrNull(t);
        if (tk === null || !verifyCheckpointSignature({ origin, size, root, kid }, sig, tk)) {
            fault(at, r.seq, 'bad-signature', `checkpoint signature does not verify under the trusted key for kid ${kid}`);
        }
    }
    if (size !== r.seq) {
        fault(at, r.seq, 'root-mismatch', `checkpoint at seq ${r.seq} claims size ${size}`);
        return;
    }
    if (want !== null && want !== root)
        fault(at, r.seq, 'root-mismatch', `Merkle root over ${size} records is ${want.slice(0, 12)}…, checkpoint says ${root.slice(0, 12)}…`);
}
const baseAt = (b) => ({ file: `(base checkpoint at seq ${b.size})`, line: 0 });
/** A base's own signature and frontier, and, with trust anchors, its signer. */
export function checkBaseSignature(base, trusted, fault) {
    if (!verifyBase(base))
        fault(baseAt(base), base.size, 'bad-signature', 'the base checkpoint does not verify under its own key, or its frontier does not fold to its root');
    checkTrust(baseAt(base), base.size, base.signer, 'base checkpoint', trusted, fault);
}
/** A base beside records that were read must agree with the records it seals: size, root, last hash. */
export function checkSealedBase(base, logSize, rootAt, hashAt, trusted, fault) {
    checkBaseSignature(base, trusted, fault);
    if (base.size > logSize) {
        fault(baseAt(base), base.size, 'truncated', `the base checkpoint seals ${base.size} records but the log holds only ${logSize}: its tail was cut`);
        return;
    }
    const want = rootAt(base.size);
    const lastHash = hashAt(base.size - 1);
    if ((want !== null && want !== base.root) || (lastHash !== undefined && lastHash !== base.lastHash)) {
        fault(baseAt(base), base.size, 'root-mismatch', `the base checkpoint at size ${base.size} differs from the log's records: history was rewritten`);
    }
}
//# sourceMappingURL=verify-checks.js.map