/** @module audit/base: the signed base checkpoint that seals the segments before it (Ed25519, RFC 8032). */
import type { KeyObject } from 'node:crypto';
import { MerkleFrontier } from './merkle.js';
import type { AuditPublicKey } from './types.js';
/** Domain separation: a base signature is never a checkpoint signature or a binding. */
export declare const BASE_CONTEXT = "verbatim-audit-base/v1";
/**
 * The state of a log at a segment boundary: everything a writer needs to continue the chain and the
 * Merkle tree, and everything a verifier needs to check the records after it, without reading the
 * records before it. Written as `<dir>/<process>-<size>.base.json`, one per rotation and start.
 */
export interface BaseCheckpoint {
    origin: string;
    /** Records sealed behind it: seq 0 .. size-1. The next segment starts at seq `size`. */
    size: number;
    /** RFC 9162 MTH over those records, hex. */
    root: string;
    /** Hash of record size-1: the `prev` of record `size`. */
    lastHash: string;
    /** The Merkle frontier at `size` (MerkleFrontier.roots()). */
    frontier: (string | null)[];
    lastCheckpointSeq: number | null;
    /** The key that signs this base (the writer's checkpoint key). */
    signer: AuditPublicKey;
    sig: string;
}
export type BaseBody = Omit<BaseCheckpoint, 'sig' | 'signer'>;
export declare function signBase(body: BaseBody, kid: string, privateKey: KeyObject): BaseCheckpoint;
/** Parses a base file's JSON; null when it is not a well-formed base. */
export declare function parseBase(text: string): BaseCheckpoint | null;
/** The frontier of a base, or null when its roots do not fold to its root at its size. */
export declare function baseFrontier(b: BaseCheckpoint): MerkleFrontier | null;
/** True when `sig` verifies under `key` (default: the base's own signer) and the frontier folds to the root. */
export declare function verifyBase(b: BaseCheckpoint, key?: AuditPublicKey): boolean;
/** `<process>-<size, 12 digits>.base.json`: one per sealed point, beside the segment it starts. */
export declare function baseFileName(process: string, size: number): string;
