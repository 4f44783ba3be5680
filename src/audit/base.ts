/** @module audit/base: the signed base checkpoint that seals the segments before it (Ed25519, RFC 8032). */
import type { KeyObject } from 'node:crypto'
import { sign, verify } from 'node:crypto'
import { keyFromEntry, publicKeyEntry } from './checkpoint.js'
import { MerkleFrontier } from './merkle.js'
import { jcs } from './record.js'
import type { AuditPublicKey } from './types.js'

/** Domain separation: a base signature is never a checkpoint signature or a binding. */
export const BASE_CONTEXT = 'verbatim-audit-base/v1'

/**
 * The state of a log at a segment boundary: everything a writer needs to continue the chain and the
 * Merkle tree, and everything a verifier needs to check the records after it, without reading the
 * records before it. Written as `<dir>/<process>-<size>.base.json`, one per rotation and start.
 */
export interface BaseCheckpoint {
  origin: string
  /** Records sealed behind it: seq 0 .. size-1. The next segment starts at seq `size`. */
  size: number
  /** RFC 9162 MTH over those records, hex. */
  root: string
  /** Hash of record size-1: the `prev` of record `size`. */
  lastHash: string
  /** The Merkle frontier at `size` (MerkleFrontier.roots()). */
  frontier: (string | null)[]
  lastCheckpointSeq: number | null
  /** The key that signs this base (the writer's checkpoint key). */
  signer: AuditPublicKey
  sig: string
}

export type BaseBody = Omit<BaseCheckpoint, 'sig' | 'signer'>

function message(b: Omit<BaseCheckpoint, 'sig'>): Buffer {
  return Buffer.from(jcs({ ctx: BASE_CONTEXT, origin: b.origin, size: b.size, root: b.root, lastHash: b.lastHash, frontier: b.frontier, lastCheckpointSeq: b.lastCheckpointSeq, signer: b.signer }))
}

export function signBase(body: BaseBody, kid: string, privateKey: KeyObject): BaseCheckpoint {
  const signer = publicKeyEntry(kid, privateKey)
  const unsigned = { ...body, signer: { kid: signer.kid, x: signer.x } }
  return { ...unsigned, sig: sign(null, message(unsigned), privateKey).toString('base64url') }
}

/** Parses a base file's JSON; null when it is not a well-formed base. */
export function parseBase(text: string): BaseCheckpoint | null {
  let v: unknown
  try {
    v = JSON.parse(text)
  } catch {
    return null
  }
  if (typeof v !== 'object' || v === null) return null
  const b = v as Record<string, unknown>
  const s = b['signer'] as Record<string, unknown> | undefined
  const hex64 = (x: unknown): boolean => typeof x === 'string' && /^[0-9a-f]{64}$/.test(x)
  if (
    typeof b['origin'] !== 'string' || !Number.isSafeInteger(b['size']) || (b['size'] as number) < 1 || !hex64(b['root']) || !hex64(b['lastHash']) ||
    !Array.isArray(b['frontier']) || !(b['lastCheckpointSeq'] === null || Number.isSafeInteger(b['lastCheckpointSeq'])) ||
    typeof s !== 'object' || s === null || typeof s['kid'] !== 'string' || typeof s['x'] !== 'string' || typeof b['sig'] !== 'string'
  ) return null
  return {
    origin: b['origin'], size: b['size'] as number, root: b['root'] as string, lastHash: b['lastHash'] as string,
    frontier: b['frontier'] as (string | null)[], lastCheckpointSeq: b['lastCheckpointSeq'] as number | null,
    signer: { kid: s['kid'], x: s['x'] }, sig: b['sig'],
  }
}

/** The frontier of a base, or null when its roots do not fold to its root at its size. */
export function baseFrontier(b: BaseCheckpoint): MerkleFrontier | null {
  try {
    const f = MerkleFrontier.restore(b.size, b.frontier)
    return f.root() === b.root ? f : null
  } catch {
    return null
  }
}

/** True when `sig` verifies under `key` (default: the base's own signer) and the frontier folds to the root. */
export function verifyBase(b: BaseCheckpoint, key: AuditPublicKey = b.signer): boolean {
  if (baseFrontier(b) === null) return false
  try {
    const { sig, ...unsigned } = b
    return verify(null, message(unsigned), keyFromEntry(key), Buffer.from(sig, 'base64url'))
  } catch {
    return false
  }
}

/** `<process>-<size, 12 digits>.base.json`: one per sealed point, beside the segment it starts. */
export function baseFileName(process: string, size: number): string {
  return `${process}-${String(size).padStart(12, '0')}.base.json`
}
