/** @module config/suggest: "did you mean" for misspelt keys, options, variables, agents, tools and pointers, in every file an operator writes. */
import damerauLevenshtein from 'damerau-levenshtein'

/**
 * The candidate closest to `input` by edit distance (Damerau: a swap of two neighbours is one edit), when it is close enough to be a slip: at most
 * a third of the input's length (at least 1), compared without case. Ties go to the earlier candidate.
 * @example closestName('efect', ['id', 'effect']) // 'effect'
 */
export function closestName(input: string, candidates: Iterable<string>): string | undefined {
  const lower = input.toLowerCase()
  const limit = Math.max(1, Math.floor(input.length / 3))
  let best: string | undefined
  let bestDistance = Infinity
  for (const c of candidates) {
    if (c === input) continue
    const d = damerauLevenshtein(lower, c.toLowerCase()).steps
    if (d <= limit && d < bestDistance) {
      best = c
      bestDistance = d
    }
  }
  return best
}

/** `; did you mean 'x'?` when a close candidate exists, else ''. */
export function didYouMean(input: string, candidates: Iterable<string>): string {
  const best = closestName(input, candidates)
  return best === undefined ? '' : `; did you mean '${best}'?`
}
