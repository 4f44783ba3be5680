/** @module binding/digest: RFC 9530 Content-Digest (sha-256) over the exact body bytes. */
import { createHash } from 'node:crypto'
import { VerbatimError } from '../errors/index.js'
import { dictionaryField } from './sf-field.js'
import { sfBytes } from './sf-write.js'

/** The only digest algorithm Verbatim emits and accepts (RFC 9530 §5, "sha-256"). */
export const DIGEST_ALG = 'sha-256'

/** SHA-256 of raw bytes. */
export function sha256(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(bytes).digest())
}

/**
 * The `Content-Digest` header value for a body: `sha-256=:<base64>:`.
 * RFC 9530 §2: a Dictionary (RFC 8941 §3.2) whose member value is a Byte Sequence.
 * @example contentDigest(new TextEncoder().encode('{}')) // 'sha-256=:RBNvo1WzZ4oRRq0W9+hknpT7T8If536DEMBg9hyq/4o=:'
 */
export function contentDigest(body: Uint8Array): string {
  return `${DIGEST_ALG}=${sfBytes(createHash('sha256').update(body).digest())}`
}

/**
 * Reads the sha-256 member of a Content-Digest header value (32 bytes). Other members are ignored (RFC 9530 §2
 * lets a sender list several; Verbatim sends one), but no key may be written twice (docs/binding.md §3.1).
 */
export function parseContentDigest(value: string): Uint8Array {
  const dict = dictionaryField(value, 'Content-Digest')
  const member = dict.get(DIGEST_ALG)
  if (member === undefined) throw new VerbatimError('ERR_GUARD_SIGNATURE_MALFORMED', 'Content-Digest has no sha-256 member')
  const bare = member[0]
  if (!(bare instanceof ArrayBuffer) || bare.byteLength !== 32) {
    throw new VerbatimError('ERR_GUARD_SIGNATURE_MALFORMED', 'Content-Digest sha-256 is not a 32-byte byte sequence')
  }
  return new Uint8Array(bare)
}
