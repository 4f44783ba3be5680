/** @module guard/target: the request target exactly as received, split into path and query, never normalised. */
import type { IncomingMessage } from 'node:http'

/**
 * Splits a raw request-target (origin-form `/p?q`, or absolute-form `http://h/p?q`) without
 * decoding or removing dot segments: RFC 9421 §2.2.6 signs the path as received.
 */
export function splitTarget(target: string): { path: string; query: string } {
  let rest = target
  const abs = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*/.exec(rest)
  if (abs !== null) rest = rest.slice(abs[0].length)
  const hash = rest.indexOf('#')
  if (hash >= 0) rest = rest.slice(0, hash)
  const q = rest.indexOf('?')
  const path = q >= 0 ? rest.slice(0, q) : rest
  const query = q >= 0 ? rest.slice(q) : ''
  return { path: path === '' ? '/' : path, query }
}

/** A header getter over node's distinct header lists: several lines join with `, ` (RFC 9421 §2.1). */
export function nodeHeaders(req: IncomingMessage): (name: string) => string | null {
  return (name) => {
    const v = req.headersDistinct[name.toLowerCase()]
    return v === undefined ? null : v.join(', ')
  }
}

/** The names of the headers received, lowercase (node's). */
export function nodeHeaderNames(req: IncomingMessage): () => string[] {
  return () => Object.keys(req.headersDistinct)
}
