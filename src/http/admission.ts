/** @module http/admission: who may hold a connection: a total cap, and a smaller budget for connections not yet authenticated. */

export interface AdmissionLimits {
  /** Open connections at once, of every kind: never exceeded. */
  maxConnections: number
  /** Open connections that have not yet authenticated (at most maxConnections). */
  maxUnauthenticated: number
  /**
   * An unauthenticated connection younger than this has not had time to send its head: it is not
   * closed to keep the budget (default 1000 ms), so a burst of agents connecting at once is not
   * shed. The total cap holds regardless of age.
   */
  graceMs?: number
}

/** Which limit a connection met: the total cap, or the unauthenticated budget. */
export type AdmissionLimit = 'connections' | 'unauthenticated'

/** The answer to a new connection: admitted (perhaps by closing `evict` to make room, `why`), or refused (`why`). */
export type Admitted<C> = { admitted: true } | { admitted: true; evict: C; why: AdmissionLimit } | { admitted: false; why: AdmissionLimit }

export interface Admission<C> {
  readonly open: number
  readonly unauthenticated: number
  /** A new connection, unauthenticated until a request on it proves otherwise. */
  admit(c: C): Admitted<C>
  /** A request on `c` is in progress (its head arrived): `c` is not closed to make room until it is answered. */
  busy(c: C): void
  /** `c` answered its request and waits for the next: if unauthenticated, it is the newest one that may be closed. */
  idle(c: C): void
  /** A request on `c` proved who sent it: `c` leaves the unauthenticated budget for good. */
  authenticate(c: C): void
  /** `c` closed: its slot is free (a no-op if it was already released). */
  release(c: C): void
}

/**
 * A new connection cannot prove anything until its first request head arrives, so refusing it when
 * the room is full would let whoever holds the room lock every agent out. Instead the oldest
 * unauthenticated connection with no request in progress (one that sent nothing, a head that never
 * ends, a keep-alive connection that never authenticated) is closed to make room: holding a slot
 * costs an attacker a new connection per legitimate one, and a real client sends its head at once.
 * Beyond the unauthenticated budget, only a connection that has waited `graceMs` is closed; beyond
 * the total cap, the oldest waiting one is, whatever its age. Only when every unauthenticated
 * connection has a request in progress is the newcomer refused. Authenticated connections are
 * never closed to make room; they may use every slot up to the cap.
 * RFC 9112 §9.5: a server may close an inactive connection at any time. Time comes from `now`.
 */
export function createAdmission<C>(limits: AdmissionLimits, now: () => number = Date.now): Admission<C> {
  const maxUnauthenticated = Math.min(limits.maxUnauthenticated, limits.maxConnections)
  const graceMs = limits.graceMs ?? 1000
  const authenticated = new Set<C>()
  const unauthenticated = new Set<C>()
  // Unauthenticated connections with no request in progress, oldest first (a Map keeps insertion order), and since when.
  const waiting = new Map<C, number>()

  const release = (c: C): void => {
    authenticated.delete(c)
    unauthenticated.delete(c)
    waiting.delete(c)
  }

  return {
    get open() {
      return authenticated.size + unauthenticated.size
    },
    get unauthenticated() {
      return unauthenticated.size
    },
    admit(c) {
      const t = now()
      const full = authenticated.size + unauthenticated.size >= limits.maxConnections
      const why: AdmissionLimit = full ? 'connections' : 'unauthenticated'
      let evict: C | undefined
      if (full || unauthenticated.size >= maxUnauthenticated) {
        const oldest = waiting.entries().next().value
        if (oldest === undefined) return { admitted: false, why }
        // Over the budget but within the cap, a burst still sending its heads is let in.
        if (full || t - oldest[1] >= graceMs) {
          evict = oldest[0]
          release(evict)
        }
      }
      unauthenticated.add(c)
      waiting.set(c, t)
      return evict === undefined ? { admitted: true } : { admitted: true, evict, why }
    },
    busy(c) {
      waiting.delete(c)
    },
    idle(c) {
      if (!unauthenticated.has(c)) return
      waiting.delete(c)
      waiting.set(c, now())
    },
    authenticate(c) {
      if (!unauthenticated.delete(c)) return
      waiting.delete(c)
      authenticated.add(c)
    },
    release,
  }
}
