/** @module audit/verify-checks: the verifier's checks of one checkpoint, one base checkpoint and one signer key; pure. */
import type { KeyObject } from 'node:crypto';
import type { BaseCheckpoint } from './base.js';
import type { AuditPublicKey, AuditRecord } from './types.js';
import type { AuditFaultKind } from './verify-types.js';
export type Where = {
    file: string;
    line: number;
};
export type FaultFn = (at: Where, seq: number | null, kind: AuditFaultKind, message: string) => unknown;
/** The key a log declared (its `start`, or the base it starts from). */
export interface Signer {
    entry: AuditPublicKey;
    key: KeyObject | null;
}
/** With trust anchors, a signer key must be one of them. */
export declare function checkTrust(at: Where, seq: number, s: AuditPublicKey, what: string, trusted: readonly AuditPublicKey[] | undefined, fault: FaultFn): void;
/** A checkpoint: its fields, its signature (the log's key, then the trusted one), its size and its root (`want`, when known). */
export declare function checkCheckpoint(at: Where, r: AuditRecord, want: string | null, signer: Signer | null, trusted: readonly AuditPublicKey[] | undefined, fault: FaultFn): void;
/** A base's own signature and frontier, and, with trust anchors, its signer. */
export declare function checkBaseSignature(base: BaseCheckpoint, trusted: readonly AuditPublicKey[] | undefined, fault: FaultFn): void;
/** A base beside records that were read must agree with the records it seals: size, root, last hash. */
export declare function checkSealedBase(base: BaseCheckpoint, logSize: number, rootAt: (size: number) => string | null, hashAt: (seq: number) => string | undefined, trusted: readonly AuditPublicKey[] | undefined, fault: FaultFn): void;
