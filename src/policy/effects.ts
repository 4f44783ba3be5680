/**
 * @module policy/effects: what each rule effect does, in one table, so that a new effect (an
 * approval step, say) is a row here rather than a boolean test in every file.
 */

export const EFFECTS = ['allow', 'deny'] as const
export type Effect = (typeof EFFECTS)[number]

export interface EffectRow {
  /** Lower decides first: the first effect, in this order, with a matching rule is the decision. */
  readonly rank: number
  /** Whether a rule whose conditions a parser refused to read counts as matching: a deny fails closed, an allow does not. */
  readonly matchesWhenRefused: boolean
  /** Whether the rule may carry a `message` for the agent. */
  readonly takesMessage: boolean
}

export const EFFECT: Readonly<Record<Effect, EffectRow>> = {
  deny: { rank: 0, matchesWhenRefused: true, takesMessage: true },
  allow: { rank: 1, matchesWhenRefused: false, takesMessage: false },
}

/** The effects by precedence. */
export const BY_RANK: readonly Effect[] = [...EFFECTS].sort((a, b) => EFFECT[a].rank - EFFECT[b].rank)
