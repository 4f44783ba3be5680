/**
 * @module policy/effects: what each rule effect does, in one table, so that a new effect is a row
 * here rather than a boolean test in every file.
 */

export const EFFECTS = ['allow', 'ask', 'deny'] as const
export type Effect = (typeof EFFECTS)[number]

export interface EffectRow {
  /** Lower decides first: the first effect, in this order, with a matching rule is the decision. */
  readonly rank: number
  /** Whether a rule whose conditions a parser refused to read counts as matching: a deny fails closed, an allow and an ask do not. */
  readonly matchesWhenRefused: boolean
  /** Whether the rule may carry a `message` for the agent. */
  readonly takesMessage: boolean
  /** Whether the rule carries an `approval:` (who approves, how many, for how long, and why). */
  readonly takesApproval: boolean
}

// A deny wins over everything; an ask wins over an allow: a call that an ask rule covers runs only
// with a person's approval, whatever allow rules say (docs/approvals.md).
export const EFFECT: Readonly<Record<Effect, EffectRow>> = {
  deny: { rank: 0, matchesWhenRefused: true, takesMessage: true, takesApproval: false },
  ask: { rank: 1, matchesWhenRefused: false, takesMessage: false, takesApproval: true },
  allow: { rank: 2, matchesWhenRefused: false, takesMessage: false, takesApproval: false },
}

/** The effects by precedence. */
export const BY_RANK: readonly Effect[] = [...EFFECTS].sort((a, b) => EFFECT[a].rank - EFFECT[b].rank)
