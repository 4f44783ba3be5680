/**
 * The candidate closest to `input` by edit distance (Damerau: a swap of two neighbours is one edit), when it is close enough to be a slip: at most
 * a third of the input's length (at least 1), compared without case. Ties go to the earlier candidate.
 * @example closestName('efect', ['id', 'effect']) // 'effect'
 */
export declare function closestName(input: string, candidates: Iterable<string>): string | undefined;
/** `; did you mean 'x'?` when a close candidate exists, else ''. */
export declare function didYouMean(input: string, candidates: Iterable<string>): string;
