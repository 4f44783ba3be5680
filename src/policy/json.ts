/** @module policy/json: JSON values and RFC 6901 JSON Pointer resolution. */

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue }

/** RFC 6901 §3-4: splits a pointer into unescaped reference tokens ("~1" → "/", then "~0" → "~"). */
export function pointerTokens(pointer: string): string[] {
  if (pointer === '') return []
  return pointer.slice(1).split('/').map((t) => t.replaceAll('~1', '/').replaceAll('~0', '~'))
}

const INDEX_RE = /^(?:0|[1-9][0-9]*)$/

/** RFC 6901 §4: the value the tokens address, or undefined when it does not exist. */
export function resolvePointer(root: JsonValue | undefined, tokens: readonly string[]): JsonValue | undefined {
  let v: JsonValue | undefined = root
  for (const t of tokens) {
    if (v === null || typeof v !== 'object') return undefined
    if (Array.isArray(v)) {
      // §4: an array index is "0" or digits without a leading zero; "-" names no element.
      if (!INDEX_RE.test(t)) return undefined
      v = v[Number(t)]
    } else {
      v = Object.hasOwn(v, t) ? v[t] : undefined
    }
  }
  return v
}

/** Two or more keys of one object matched a token under case folding: the pointer has no one meaning. */
export const AMBIGUOUS: unique symbol = Symbol('ambiguous')

/**
 * RFC 6901 §4 with object member tokens matched under the canonical core's key folding (Unicode
 * simple case folding, as Go's encoding/json matches fields): `/headers/authorization` reaches an
 * `Authorization` member. `folded` are the tokens already folded. The canonical core refuses keys
 * that collide under this folding, so at most one member matches; where that check is off and two
 * do, the answer is AMBIGUOUS, never a guess.
 */
export function resolveFolded(root: JsonValue | undefined, folded: readonly string[], fold: (k: string) => string): JsonValue | undefined | typeof AMBIGUOUS {
  let v: JsonValue | undefined = root
  for (const t of folded) {
    if (v === null || typeof v !== 'object') return undefined
    if (Array.isArray(v)) {
      if (!INDEX_RE.test(t)) return undefined
      v = v[Number(t)]
      continue
    }
    let found: JsonValue | undefined
    let hits = 0
    for (const k of Object.keys(v)) {
      if (fold(k) !== t) continue
      hits++
      found = v[k]
    }
    if (hits > 1) return AMBIGUOUS
    v = found
  }
  return v
}
