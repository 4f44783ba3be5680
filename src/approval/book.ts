/**
 * @module approval/book: the calls waiting for a person, as a state machine over injected time; pure.
 * pending → approved (enough approvers) → used (once); pending → denied (a veto); pending or
 * approved → expired (past `expires`). Bounded in total and per agent.
 */
import { VerbatimError } from '../errors/index.js'
import type { ApprovalTarget } from './subject.js'
import type { IsMember, Requirement, Vote } from './votes.js'
import { satisfied, vetoOf } from './votes.js'

export type ApprovalState = 'pending' | 'approved' | 'denied' | 'expired' | 'used'

/** What the console shows of the call: the exact bytes that will run, and why policy asked. */
export interface WaitingCall {
  /** The canonical bytes the approval covers (docs/binding.md §14.1). */
  bytes: Uint8Array
  ruleIds: readonly string[]
  /** Each matching ask rule's reason. */
  reasons: readonly string[]
}

export interface BookEntry {
  readonly target: ApprovalTarget
  /** agent, tool, audience and digest: a later call with the same key may use the approval. */
  readonly key: string
  readonly requirements: readonly Requirement[]
  readonly call: WaitingCall
  /** Milliseconds since the epoch. */
  readonly opened: number
  readonly votes: Vote[]
  /** The stored state; `stateOf` adds expiry. */
  state: 'pending' | 'approved' | 'denied' | 'used'
  /** False until the record of the call that asked is durable: approvers neither see nor decide it before. */
  published: boolean
  /** The decision that used it. */
  usedBy?: string
}

export interface BookLimits {
  /** Calls waiting (pending or approved, not yet used) at once, all agents together. */
  maxPending: number
  /** Calls one agent may have waiting. */
  maxPerAgent: number
  /** How long an ended entry stays for its status URL after it expires (ms). */
  retainMs: number
}

/** The key of a call: an approval covers this agent, tool, audience and digest, and nothing else. */
export function approvalKey(t: Pick<ApprovalTarget, 'agent' | 'tool' | 'audience' | 'digest'>): string {
  return [t.agent, t.tool, t.audience, t.digest].join('\u0000')
}

export class ApprovalBook {
  readonly #limits: BookLimits
  readonly #entries = new Map<string, BookEntry>()
  readonly #latest = new Map<string, string>()

  constructor(limits: BookLimits) {
    this.#limits = limits
  }

  stateOf(e: BookEntry, now: number): ApprovalState {
    if ((e.state === 'pending' || e.state === 'approved') && now >= e.target.expires * 1000) return 'expired'
    return e.state
  }

  get(id: string): BookEntry | undefined {
    return this.#entries.get(id)
  }

  /** The latest approval opened for this key. */
  latest(key: string): BookEntry | undefined {
    const id = this.#latest.get(key)
    return id === undefined ? undefined : this.#entries.get(id)
  }

  /** Calls waiting for a decision, oldest first. */
  waiting(now: number): BookEntry[] {
    return [...this.#entries.values()].filter((e) => e.published && this.stateOf(e, now) === 'pending')
  }

  /** Shows the call to approvers (its ask record is durable). */
  publish(id: string): void {
    const e = this.#entries.get(id)
    if (e !== undefined) e.published = true
  }

  /** Calls still open (pending or approved and unused), of one agent or all. */
  #open(now: number, agent?: string): number {
    let n = 0
    for (const e of this.#entries.values()) {
      const s = this.stateOf(e, now)
      if ((s === 'pending' || s === 'approved') && (agent === undefined || e.target.agent === agent)) n++
    }
    return n
  }

  /** Opens an approval; refused when the agent or the gate has too many calls waiting. */
  open(input: { target: ApprovalTarget; requirements: readonly Requirement[]; call: WaitingCall }, now: number): BookEntry {
    this.sweep(now)
    if (this.#open(now, input.target.agent) >= this.#limits.maxPerAgent) {
      throw new VerbatimError('ERR_APPROVAL_QUOTA', `agent ${input.target.agent} has ${this.#limits.maxPerAgent} calls waiting for approval`)
    }
    if (this.#open(now) >= this.#limits.maxPending) throw new VerbatimError('ERR_APPROVAL_FULL', `${this.#limits.maxPending} calls are waiting for approval`)
    const key = approvalKey(input.target)
    const e: BookEntry = { target: input.target, key, requirements: input.requirements, call: input.call, opened: now, votes: [], state: 'pending', published: false }
    this.#entries.set(input.target.approvalId, e)
    this.#latest.set(key, input.target.approvalId)
    return e
  }

  /** Takes back an approval that never became visible (its ask record could not be made durable). */
  withdraw(id: string): void {
    const e = this.#entries.get(id)
    if (e === undefined) return
    this.#entries.delete(id)
    if (this.#latest.get(e.key) === id) this.#latest.delete(e.key)
  }

  /**
   * Records a vote whose assertion was verified, and moves the state: a veto denies, enough
   * approvers approve. Refused when the call is no longer waiting, or the approver already voted.
   */
  vote(id: string, v: Vote, now: number, isMember: IsMember): ApprovalState {
    const e = this.#entries.get(id)
    if (e === undefined || !e.published) throw new VerbatimError('ERR_CONSOLE_NOT_FOUND', 'no such approval')
    if (this.stateOf(e, now) !== 'pending') throw new VerbatimError('ERR_CONSOLE_DECIDED', `the call is ${this.stateOf(e, now)}, no longer waiting`)
    if (e.votes.some((x) => x.approver === v.approver)) throw new VerbatimError('ERR_CONSOLE_REPLAY', `${v.approver} already ${e.votes.find((x) => x.approver === v.approver)?.action === 'deny' ? 'denied' : 'approved'} this call`)
    e.votes.push(v)
    return this.settle(e, now, isMember)
  }

  /** The state from the votes and membership as it is now (an approver removed from a group stops counting). */
  settle(e: BookEntry, now: number, isMember: IsMember): ApprovalState {
    if (e.state === 'pending' || e.state === 'approved') {
      if (vetoOf(e.votes, e.requirements, isMember) !== undefined) e.state = 'denied'
      else e.state = satisfied(e.votes, e.requirements, isMember) ? 'approved' : 'pending'
    }
    return this.stateOf(e, now)
  }

  /**
   * Uses an approved call once, for `decisionId`, against the requirements policy makes now (a
   * policy reloaded since may ask for more). Returns the state it found when it could not use it.
   */
  take(id: string, decisionId: string, requirements: readonly Requirement[], now: number, isMember: IsMember): { ok: true; entry: BookEntry } | { ok: false; state: ApprovalState } {
    const e = this.#entries.get(id)
    if (e === undefined) return { ok: false, state: 'expired' }
    const state = this.settle(e, now, isMember)
    if (state !== 'approved') return { ok: false, state }
    if (!satisfied(e.votes, [...e.requirements, ...requirements], isMember)) return { ok: false, state: 'pending' }
    e.state = 'used'
    e.usedBy = decisionId
    return { ok: true, entry: e }
  }

  /** Gives back an approval a call took and never forwarded (its decision could not be made durable, or was refused first). */
  untake(id: string, decisionId: string): void {
    const e = this.#entries.get(id)
    if (e === undefined || e.state !== 'used' || e.usedBy !== decisionId) return
    e.state = 'approved'
    delete e.usedBy
  }

  /** Forgets entries that ended (or expired) more than retainMs ago. */
  sweep(now: number): void {
    for (const [id, e] of this.#entries) {
      if (now < e.target.expires * 1000 + this.#limits.retainMs) continue
      this.#entries.delete(id)
      if (this.#latest.get(e.key) === id) this.#latest.delete(e.key)
    }
  }

  get size(): number {
    return this.#entries.size
  }
}
