/** @module binding/sf-field: the four Dictionary fields of the binding, read one way or refused (docs/binding.md §3). */
import type { Dictionary } from 'structured-headers'
import { VerbatimError } from '../errors/index.js'
import { SfParseError, parseUniqueDictionary } from './sf.js'
import { readCanonicalDictionary } from './sf-canonical.js'

/**
 * Parses Signature-Input, Signature, Content-Digest or Verbatim-Decision as an RFC 9651 Dictionary in which no key is
 * written twice; else ERR_GUARD_SIGNATURE_MALFORMED. RFC 9651 §4.2.2 reads a repeated key as its last value, a reader
 * may keep the first: refusing the repeat leaves one meaning (steps 1b, 2h and 2i). The spelling the gate writes is
 * read directly (binding/sf-canonical, the same Dictionary); any other goes through the full parser.
 */
export function dictionaryField(value: string, name: string): Dictionary {
  const canonical = readCanonicalDictionary(value)
  if (canonical !== undefined) return canonical
  try {
    return parseUniqueDictionary(value)
  } catch (e) {
    if (!(e instanceof SfParseError)) throw e
    const why = e.repeatedKey === undefined ? `${name} is not an RFC 9651 Dictionary (${e.message})` : `${name} writes the key ${e.repeatedKey} twice`
    throw new VerbatimError('ERR_GUARD_SIGNATURE_MALFORMED', why, { cause: e })
  }
}
