/** @module binding/members: profile spelling rules on the raw text of the Signature and Signature-Input members. */
import type { InnerList } from 'structured-headers'
import { VerbatimError } from '../errors/index.js'
import { serializeSignatureParams } from './signature-base.js'

/** Splits a Dictionary field at commas outside sf-strings (RFC 8941 §3.3.3), trimming each member. */
export function topLevelMembers(field: string): string[] {
  const out: string[] = []
  let start = 0
  let quoted = false
  for (let i = 0; i < field.length; i++) {
    const c = field[i]
    if (quoted && c === '\\') i++
    else if (c === '"') quoted = !quoted
    else if (c === ',' && !quoted) {
      out.push(field.slice(start, i).replace(/^[ \t]+|[ \t]+$/g, ''))
      start = i + 1
    }
  }
  out.push(field.slice(start).replace(/^[ \t]+|[ \t]+$/g, ''))
  return out
}

/** The members of a parsed Dictionary field whose key is `label`, as written (a repeated key is parsed last-wins, RFC 8941 §4.2.2). */
export function membersLabelled(field: string, label: string): string[] {
  return topLevelMembers(field).filter((m) => m.startsWith(label) && (m.length === label.length || m[label.length] === '=' || m[label.length] === ';'))
}

/**
 * Profile rule: the Signature member is written once, as `label=:<base64>:` in canonical base64 (padded, zero pad
 * bits), exactly what re-encoding the bytes gives (RFC 8941 §4.2.7 lets parsers accept other spellings).
 */
export function checkSignatureSpelling(field: string, label: string, signature: Uint8Array): void {
  const written = membersLabelled(field, label)
  if (written.length !== 1 || written[0] !== `${label}=:${Buffer.from(signature).toString('base64')}:`) {
    throw new VerbatimError('ERR_GUARD_SIGNATURE_MALFORMED', 'Signature must hold one member in canonical base64')
  }
}

/**
 * Profile rule: the Signature-Input member is written once, exactly as RFC 8941 §4.1 serialises the parsed inner
 * list. RFC 9421 §2.3 re-serialises it into the signature base, so without this rule `created=1767225600.0` (a
 * Decimal), `created=01767225600`, a repeated parameter or extra spaces inside the member would verify.
 * `serialised` is serializeSignatureParams(list), passed by a caller that signs over it too.
 */
export function checkSignatureInputSpelling(field: string, label: string, list: InnerList, serialised: string = serializeSignatureParams(list)): void {
  const written = membersLabelled(field, label)
  const canonical = `${label}=${serialised}`
  if (written.length === 1 && written[0] === canonical) return
  const member = written.length === 1 ? (written[0] ?? '') : ''
  const why = written.length !== 1
    ? `Signature-Input holds ${written.length} members labelled ${label}`
    : /;[ ]*(created|expires)=-?[0-9]+\./.test(member)
      ? 'created and expires must be Integers, not Decimals (RFC 9421 §2.3)'
      : `the Signature-Input member must be spelled as RFC 8941 §4.1 serialises it: ${canonical}`
  throw new VerbatimError('ERR_GUARD_SIGNATURE_MALFORMED', why)
}
