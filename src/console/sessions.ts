/**
 * @module console/sessions: who is signed in to the console, their CSRF token, and the single-use
 * login challenges; in memory (a restart signs everyone out), time injected.
 */
import { randomBytes } from 'node:crypto'

export interface Session {
  id: string
  approver: string
  /** Sent by the page's script in x-csrf-token on every request that changes state. */
  csrf: string
  /** Milliseconds since the epoch. */
  expires: number
}

const CHALLENGE_MS = 5 * 60_000
const MAX_CHALLENGES = 10_000

export class Sessions {
  readonly #ttlMs: number
  readonly #now: () => number
  readonly #sessions = new Map<string, Session>()
  readonly #challenges = new Map<string, number>()

  constructor(o: { ttlMs: number; now: () => number }) {
    this.#ttlMs = o.ttlMs
    this.#now = o.now
  }

  /** A fresh random login challenge (WebAuthn §13.4.3: 32 random bytes), usable once within five minutes. */
  challenge(): string {
    const now = this.#now()
    for (const [c, exp] of this.#challenges) if (exp <= now || this.#challenges.size >= MAX_CHALLENGES) this.#challenges.delete(c)
    const c = randomBytes(32).toString('base64url')
    this.#challenges.set(c, now + CHALLENGE_MS)
    return c
  }

  /** Spends a login challenge: true once, for a challenge this console issued that has not expired. */
  spend(c: string): boolean {
    const exp = this.#challenges.get(c)
    this.#challenges.delete(c)
    return exp !== undefined && exp > this.#now()
  }

  create(approver: string): Session {
    const s: Session = { id: randomBytes(32).toString('base64url'), approver, csrf: randomBytes(32).toString('base64url'), expires: this.#now() + this.#ttlMs }
    this.#sessions.set(s.id, s)
    return s
  }

  get(id: string | undefined): Session | undefined {
    if (id === undefined) return undefined
    const s = this.#sessions.get(id)
    if (s === undefined || s.expires <= this.#now()) {
      this.#sessions.delete(id ?? '')
      return undefined
    }
    return s
  }

  end(id: string | undefined): void {
    if (id !== undefined) this.#sessions.delete(id)
  }

  /** Ends every session of an approver (removed from every group). */
  endAll(approver: string): void {
    for (const [id, s] of this.#sessions) if (s.approver === approver) this.#sessions.delete(id)
  }
}
