/** @module policy/check: what a compiled condition is: a three-valued test and its explanation. */
import type { JsonValue } from './json.js'
import type { Condition, Operator } from './schema.js'
import type { Path } from './source.js'

/**
 * A condition's outcome. `refused`: the value could not be read with one meaning (a parser
 * refused it, or a construct the rule does not allow). It is neither true nor false: `not` keeps
 * it refused, an allow rule does not match on it, and a deny rule does (fail closed).
 */
export type Outcome = 'held' | 'failed' | 'refused'

/** A compiled condition. `base` is what its pointer starts from (the arguments, an element, a view); `root` is always the call's arguments. */
export interface Check {
  readonly op: Operator
  readonly pointer: string | undefined
  /** The pointers, from the base, whose values it reads (a combinator: its conditions'); `audit explain` matches them against redactions. */
  readonly reads: readonly string[]
  test(base: JsonValue | undefined, root: JsonValue | undefined): Outcome
  /** Why the condition did or did not hold, for reasons; recomputes, so call it off the hot path. */
  why(base: JsonValue | undefined, root: JsonValue | undefined): string
}

export type FaultSink = (path: Path, message: string) => void
/** Compiles a nested condition (handed to matchers, so they need not import the compiler). */
export type CompileFn = (c: Condition, path: Path, sink: FaultSink) => Check

/** A test on the value a pointer reached. `test` may answer a boolean or, for a parser, `refused`. */
export interface Leaf {
  readonly need?: 'string' | 'number' | 'array' | 'object'
  readonly text: string
  test(v: JsonValue, root: JsonValue | undefined): boolean | Outcome
  /** Why it did not hold (or was refused); the default repeats `text`. */
  whyNot?(v: JsonValue, root: JsonValue | undefined): string
  /** Why it held, when more than "value text" is worth saying. */
  whyHeld?(v: JsonValue, root: JsonValue | undefined): string
}

const MAX_SHOW = 60

/** A short JSON rendering of a value for reasons. */
export function show(v: JsonValue | undefined): string {
  const s = v === undefined ? 'missing' : JSON.stringify(v)
  return s.length > MAX_SHOW ? s.slice(0, MAX_SHOW - 1) + '…' : s
}

/** A boolean or outcome as an outcome. */
export function outcomeOf(r: boolean | Outcome): Outcome {
  return r === true ? 'held' : r === false ? 'failed' : r
}

/**
 * Kleene's three-valued `and` (`all`) or `or` over outcomes, stopping at the first that decides: for
 * `and` any failed → failed, else any refused → refused, else held; `or` the same with held and failed
 * swapped. `outcome(i)` is asked for i = 0 … n-1, in order.
 */
export function junction(n: number, all: boolean, outcome: (i: number) => Outcome): Outcome {
  const decides: Outcome = all ? 'failed' : 'held'
  let refused = false
  for (let i = 0; i < n; i++) {
    const o = outcome(i)
    if (o === decides) return o
    if (o === 'refused') refused = true
  }
  return refused ? 'refused' : all ? 'held' : 'failed'
}
