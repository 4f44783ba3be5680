import type { AuditPublicKey, AuditRecord } from './types.js';
import type { AuditFault } from './verify-types.js';
export interface OffHostFields {
    size: number;
    root: string;
    kid: string;
    sig: string;
    origin: string;
}
/** The signed fields of an off-host checkpoint, or null when one is missing. */
export declare function offHostFields(c: AuditRecord): OffHostFields | null;
/** Appends the faults of one off-host checkpoint: its signature, a log shorter than it, a root that differs. */
export declare function checkOffHost(f: OffHostFields | null, c: AuditRecord, logSize: number, signer: AuditPublicKey | null, trusted: readonly AuditPublicKey[] | undefined, rootAt: (size: number) => string | null, faults: AuditFault[]): void;
