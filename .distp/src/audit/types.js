/** @module audit/types: the record shapes shared by the writer, the verifier and the reconciler. */
export const AUDIT_RECORD_TYPES = [
    'decision', 'forward', 'policy', 'start', 'stop', 'recovery', 'execution', 'refusal', 'receipt', 'checkpoint',
];
/** Format version written in every record's `v`. */
export const AUDIT_FORMAT_VERSION = 1;
/** Keys the envelope owns; caller fields may not use them. */
export const RESERVED_KEYS = new Set(['v', 'seq', 'ts', 'type', 'prev', 'hash']);
//# sourceMappingURL=types.js.map