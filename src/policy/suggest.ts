/** @module policy/suggest: "did you mean", shared with every file an operator writes (src/config/suggest.ts). */
export { closestName, didYouMean } from '../config/suggest.js'

/** The close name as "did you mean", else the whole list when it is short; empty when neither helps. */
export function nameHint(best: string | undefined, list: readonly string[], what: string): string {
  if (best !== undefined) return `; did you mean '${best}'?`
  return list.length > 0 && list.length <= 12 ? ` (${what}: ${list.join(', ')})` : ''
}
