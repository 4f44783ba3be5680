/** The only digest algorithm Verbatim emits and accepts (RFC 9530 §5, "sha-256"). */
export declare const DIGEST_ALG = "sha-256";
/** SHA-256 of raw bytes. */
export declare function sha256(bytes: Uint8Array): Uint8Array;
/**
 * The `Content-Digest` header value for a body: `sha-256=:<base64>:`.
 * RFC 9530 §2: a Dictionary (RFC 8941 §3.2) whose member value is a Byte Sequence.
 * @example contentDigest(new TextEncoder().encode('{}')) // 'sha-256=:RBNvo1WzZ4oRRq0W9+hknpT7T8If536DEMBg9hyq/4o=:'
 */
export declare function contentDigest(body: Uint8Array): string;
/**
 * Reads the sha-256 member of a Content-Digest header value (32 bytes).
 * Other members are ignored (RFC 9530 §2 lets a sender list several; Verbatim sends one).
 */
export declare function parseContentDigest(value: string): Uint8Array;
