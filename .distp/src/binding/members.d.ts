/** @module binding/members: profile spelling rules on the raw text of the Signature and Signature-Input members. */
import type { InnerList } from 'structured-headers';
/** Splits a Dictionary field at commas outside sf-strings (RFC 8941 §3.3.3), trimming each member. */
export declare function topLevelMembers(field: string): string[];
/** The members of a parsed Dictionary field whose key is `label`, as written (a repeated key is parsed last-wins, RFC 8941 §4.2.2). */
export declare function membersLabelled(field: string, label: string): string[];
/**
 * Profile rule: the Signature member is written once, as `label=:<base64>:` in canonical base64 (padded, zero pad
 * bits), exactly what re-encoding the bytes gives (RFC 8941 §4.2.7 lets parsers accept other spellings).
 */
export declare function checkSignatureSpelling(field: string, label: string, signature: Uint8Array): void;
/**
 * Profile rule: the Signature-Input member is written once, exactly as RFC 8941 §4.1 serialises the parsed inner
 * list. RFC 9421 §2.3 re-serialises it into the signature base, so without this rule `created=1767225600.0` (a
 * Decimal), `created=01767225600`, a repeated parameter or extra spaces inside the member would verify.
 */
export declare function checkSignatureInputSpelling(field: string, label: string, list: InnerList): void;
