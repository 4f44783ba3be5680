/** @module audit/checkpoint: the signed statement {size, root} over a log prefix (Ed25519, RFC 8032). */
import type { KeyObject } from 'node:crypto';
import type { AuditPublicKey, JsonValue } from './types.js';
/** Domain separation so a checkpoint signature can never be mistaken for another Verbatim signature. */
export declare const CHECKPOINT_CONTEXT = "verbatim-audit-checkpoint/v1";
export interface CheckpointBody {
    /** The writer's process name (the log's origin). */
    origin: string;
    /** Number of records covered: seq 0 .. size-1. */
    size: number;
    /** RFC 9162 MTH of those record hashes, hex. */
    root: string;
    kid: string;
}
/** The exact bytes signed: RFC 8785 of {ctx, origin, size, root, kid}. */
export declare function checkpointMessage(body: CheckpointBody): Buffer;
/** The checkpoint record's own fields: body plus a base64url Ed25519 signature. */
export declare function signCheckpoint(body: CheckpointBody, privateKey: KeyObject): Record<string, JsonValue>;
export declare function verifyCheckpointSignature(body: CheckpointBody, sig: string, key: KeyObject): boolean;
/** {kid, x} of an Ed25519 key, as recorded in `start` records. */
export declare function publicKeyEntry(kid: string, key: KeyObject): AuditPublicKey;
export declare function keyFromEntry(entry: AuditPublicKey): KeyObject;
/** The key of an entry, or null when it is not a usable Ed25519 key. */
export declare function keyOrNull(entry: AuditPublicKey): KeyObject | null;
