/** @module audit/verify-types: what `verifyLog` takes and reports. */
import type { AuditPublicKey, AuditRecord } from './types.js';
export type AuditFaultKind = 'malformed' | 'modified' | 'deleted' | 'reordered' | 'duplicated' | 'chain-break' | 'truncated' | 'bad-signature' | 'untrusted-key' | 'root-mismatch' | 'recovery-cut';
export interface AuditFault {
    file: string;
    /** 1-based line in `file`. */
    line: number;
    seq: number | null;
    kind: AuditFaultKind;
    message: string;
}
export interface VerifyFile {
    name: string;
    text: string;
    /** Seq of the first record, from the segment name, when known. */
    startSeq?: number;
}
export interface VerifyOptions {
    /** Off-host trusted keys: every `start` signer must be one of these. */
    trustedKeys?: readonly AuditPublicKey[];
    /** Checkpoints kept off-host (WORM store, log shipper): the log must still contain each. */
    checkpoints?: readonly AuditRecord[];
    /** The writer may still be running: an open tail is not a fault. */
    live?: boolean;
}
export interface VerifyReport {
    origin: string | null;
    records: number;
    firstSeq: number | null;
    lastSeq: number | null;
    checkpoints: number;
    lastCheckpoint: {
        seq: number;
        size: number;
        root: string;
    } | null;
    /** Records after the last checkpoint: protected by the chain only, not yet by a signature. */
    unsignedTail: number;
    recoveries: number;
    faults: AuditFault[];
    notes: string[];
}
