/** @module audit/verify-types: what `verifyLog` takes and reports. */
import type { AuditPublicKey, AuditRecord } from './types.js'

export type AuditFaultKind =
  | 'malformed' // a line that is not an audit record at all
  | 'modified' // a record whose content no longer matches its hash, or is not in RFC 8785 form
  | 'deleted' // seq numbers missing
  | 'reordered' // a record out of seq order
  | 'duplicated' // the same record twice
  | 'chain-break' // prev does not link to the previous record: replaced or spliced
  | 'truncated' // the tail is missing: no clean stop, a torn last line, or shorter than a checkpoint
  | 'bad-signature' // a checkpoint signature that does not verify under the log's or the trusted key
  | 'untrusted-key' // the log declares a signer key that is not among the trusted keys
  | 'root-mismatch' // a checkpoint's Merkle root or size differs from the records
  | 'recovery-cut' // the writer's own recovery cut well-formed records or a checkpoint

export interface AuditFault {
  file: string
  /** 1-based line in `file`. */
  line: number
  seq: number | null
  kind: AuditFaultKind
  message: string
}

export interface VerifyFile {
  name: string
  text: string
  /** Seq of the first record, from the segment name, when known. */
  startSeq?: number
}

export interface VerifyOptions {
  /** Off-host trusted keys: every `start` signer must be one of these. */
  trustedKeys?: readonly AuditPublicKey[]
  /** Checkpoints kept off-host (WORM store, log shipper): the log must still contain each. */
  checkpoints?: readonly AuditRecord[]
  /** The writer may still be running: an open tail is not a fault. */
  live?: boolean
}

export interface VerifyReport {
  origin: string | null
  records: number
  firstSeq: number | null
  lastSeq: number | null
  checkpoints: number
  lastCheckpoint: { seq: number; size: number; root: string } | null
  /** Records after the last checkpoint: protected by the chain only, not yet by a signature. */
  unsignedTail: number
  recoveries: number
  faults: AuditFault[]
  notes: string[]
}
