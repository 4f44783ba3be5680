import type { AuditRecord, AuditRecordType, JsonValue } from './types.js';
/** `prev` of the first record of a log. */
export declare const GENESIS_HASH: string;
export declare function sha256Hex(data: string | Uint8Array): string;
/** RFC 8785 serialisation; throws on values JCS cannot represent. */
export declare function jcs(value: unknown): string;
export interface BuiltRecord {
    record: AuditRecord;
    /** The RFC 8785 line, with its trailing newline. */
    line: string;
    hash: string;
}
/**
 * Builds the record `{v, seq, ts, type, prev, ...fields, hash}` where
 * hash = SHA-256(JCS(record without hash)).
 */
export declare function buildRecord(seq: number, ts: number, type: AuditRecordType, prev: string, fields: Readonly<Record<string, JsonValue>>): BuiltRecord;
export type LineProblem = 'malformed' | 'not-canonical' | 'modified';
export type ParsedLine = {
    ok: true;
    record: AuditRecord;
} | {
    ok: false;
    problem: LineProblem;
    message: string;
    record?: AuditRecord;
};
/** Parses one line (without its newline) and checks its form and its own hash. */
export declare function parseLine(text: string): ParsedLine;
