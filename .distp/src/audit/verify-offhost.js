/** @module audit/verify-offhost: checks a log against checkpoints kept off the host (WORM store, log shipper). */
import { keyOrNull as toKey, verifyCheckpointSignature } from './checkpoint.js';
/** The signed fields of an off-host checkpoint, or null when one is missing. */
export function offHostFields(c) {
    const { size, root, kid, sig, origin } = c;
    if (typeof size !== 'number' || typeof root !== 'string' || typeof kid !== 'string' || typeof sig !== 'string' || typeof origin !== 'string')
        return null;
    return { size, root, kid, sig, origin };
}
/** Appends the faults of one off-host checkpoint: its signature, a log shorter than it, a root that differs. */
export function checkOffHost(f, c, logSize, signer, trusted, rootAt, faults) {
    const push = (kind, message) => {
        faults.push({ file: '(off-host checkpoints)', line: 0, seq: typeof c.seq === 'number' ? c.seq : null, kind, message });
    };
    if (f === null) {
        push('malformed', 'off-host checkpoint lacks size, root, kid, sig or origin');
        return;
    }
    const keyEntry = trusted?.find((k) => k.kid === f.kid) ?? (signer?.kid === f.kid ? signer : undefined);
    const key = keyEntry === undefined ? null : toKey(keyEntry);
    if (key === null || !verifyCheckpointSignature(f, f.sig, key))
        push('bad-signature', `off-host checkpoint (size ${f.size}) does not verify under kid ${f.kid}`);
    if (f.size > logSize) {
        push('truncated', `an off-host checkpoint covers ${f.size} records but the log holds only ${logSize}: its tail was cut`);
        return;
    }
    const want = rootAt(f.size);
    if (want !== null && want !== f.root)
        push('root-mismatch', `off-host checkpoint root for size ${f.size} differs from the log's records: history was rewritten`);
}
//# sourceMappingURL=verify-offhost.js.map