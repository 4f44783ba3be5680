/** @module audit/types: the record shapes shared by the writer, the verifier and the reconciler. */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue }

export type AuditRecordType =
  | 'decision'
  | 'forward'
  | 'policy'
  | 'start'
  | 'stop'
  | 'recovery'
  | 'execution'
  | 'refusal'
  | 'receipt'
  | 'checkpoint'
  | 'approval'
  | 'enrolment'

export const AUDIT_RECORD_TYPES: readonly AuditRecordType[] = [
  'decision', 'forward', 'policy', 'start', 'stop', 'recovery', 'execution', 'refusal', 'receipt', 'checkpoint', 'approval', 'enrolment',
]

/** Format version written in every record's `v`. */
export const AUDIT_FORMAT_VERSION = 1

/** Keys the envelope owns; caller fields may not use them. */
export const RESERVED_KEYS: ReadonlySet<string> = new Set(['v', 'seq', 'ts', 'type', 'prev', 'hash'])

/** One parsed line: the envelope plus the type's own fields. */
export interface AuditRecord {
  v: number
  seq: number
  /** Milliseconds since the epoch, from the writer's injected clock. */
  ts: number
  type: AuditRecordType
  /** Hash of the previous record; 64 zeros for the first. */
  prev: string
  /** SHA-256 hex of the RFC 8785 form of this record without `hash`. */
  hash: string
  [field: string]: JsonValue
}

/** A public key as recorded in a `start` record: an Ed25519 OKP JWK's kid and x. */
export interface AuditPublicKey {
  kid: string
  x: string
}
