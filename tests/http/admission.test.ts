/**
 * Who may hold a connection (src/http/admission): the total cap always holds, unauthenticated
 * connections stay within their budget once they have had time to send a head, and only the oldest
 * unauthenticated connection with no request in progress is ever closed to make room. Time is a
 * clock the test moves.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createAdmission } from '../../src/http/index.js'

describe('connection admission', () => {
  it('closes the oldest unauthenticated connection with no request in progress to make room', () => {
    const a = createAdmission<string>({ maxConnections: 10, maxUnauthenticated: 3, graceMs: 0 })
    expect(['a', 'b', 'c'].map((c) => a.admit(c))).toEqual([{ admitted: true }, { admitted: true }, { admitted: true }])
    a.busy('a') // a request in progress on a: not closed to make room
    expect(a.admit('d')).toEqual({ admitted: true, evict: 'b', why: 'unauthenticated' })
    a.idle('a') // answered: a waits again, now as the newest
    expect(a.admit('e')).toEqual({ admitted: true, evict: 'c', why: 'unauthenticated' })
    expect(a.admit('f')).toEqual({ admitted: true, evict: 'd', why: 'unauthenticated' })
    expect([a.open, a.unauthenticated]).toEqual([3, 3])
  })

  it('refuses a newcomer when every unauthenticated connection has a request in progress', () => {
    const a = createAdmission<string>({ maxConnections: 10, maxUnauthenticated: 2, graceMs: 0 })
    a.admit('a')
    a.admit('b')
    a.busy('a')
    a.busy('b')
    expect(a.admit('c')).toEqual({ admitted: false, why: 'unauthenticated' })
    a.authenticate('a') // a proved itself: its slot leaves the unauthenticated budget
    expect(a.admit('c')).toEqual({ admitted: true })
    expect([a.open, a.unauthenticated]).toEqual([3, 2])
  })

  it('never closes an authenticated connection, and lets authenticated ones fill every slot up to the cap', () => {
    const a = createAdmission<string>({ maxConnections: 3, maxUnauthenticated: 2, graceMs: 0 })
    for (const c of ['a', 'b', 'c']) {
      expect(a.admit(c)).toEqual({ admitted: true })
      a.authenticate(c)
    }
    expect(a.admit('d')).toEqual({ admitted: false, why: 'connections' })
    a.release('b')
    expect(a.admit('d')).toEqual({ admitted: true })
    expect(a.admit('e')).toEqual({ admitted: true, evict: 'd', why: 'connections' })
    expect(a.open).toBe(3)
  })

  it('caps the unauthenticated budget at maxConnections', () => {
    const a = createAdmission<string>({ maxConnections: 2, maxUnauthenticated: 5, graceMs: 0 })
    a.admit('a')
    a.admit('b')
    expect(a.admit('c')).toEqual({ admitted: true, evict: 'a', why: 'connections' })
  })

  it('lets a burst beyond the budget in while it is still sending its heads, then holds the budget', () => {
    let t = 0
    const a = createAdmission<string>({ maxConnections: 5, maxUnauthenticated: 2, graceMs: 1000 }, () => t)
    expect(['a', 'b', 'c', 'd'].map((c) => a.admit(c))).toEqual(Array(4).fill({ admitted: true }))
    // The total cap holds whatever the age: the oldest waiting connection makes room.
    expect(a.admit('e')).toEqual({ admitted: true })
    expect(a.admit('f')).toEqual({ admitted: true, evict: 'a', why: 'connections' })
    t = 999
    a.authenticate('b')
    expect(a.admit('g')).toEqual({ admitted: true, evict: 'c', why: 'connections' }) // full: any age
    a.release('d')
    a.release('e')
    expect([a.open, a.unauthenticated]).toEqual([3, 2])
    expect(a.admit('h')).toEqual({ admitted: true }) // over the budget, but f and g are younger than the grace
    t = 1999
    expect(a.admit('i')).toEqual({ admitted: true, evict: 'f', why: 'unauthenticated' }) // f has had its second (since 0): closed to keep the budget
    expect([a.open, a.unauthenticated]).toEqual([4, 3])
  })

  it('holds its bounds under any sequence of events (property)', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('admit' as const), dt: fc.nat({ max: 1500 }) }),
      fc.record({ kind: fc.constantFrom('busy' as const, 'idle' as const, 'authenticate' as const, 'release' as const), which: fc.nat() }),
    )
    const GRACE = 1000
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 8 }), fc.array(op, { maxLength: 200 }), (maxConnections, maxUnauthenticated, ops) => {
        let t = 0
        const a = createAdmission<number>({ maxConnections, maxUnauthenticated, graceMs: GRACE }, () => t)
        const budget = Math.min(maxConnections, maxUnauthenticated)
        const open = new Map<number, { auth: boolean; busy: boolean; since: number }>()
        const waitingOldest = (): number | undefined => Math.min(...[...open.values()].filter((c) => !c.auth && !c.busy).map((c) => c.since))
        let next = 0
        for (const o of ops) {
          if (o.kind === 'admit') {
            t += o.dt
            const id = next++
            const unauth = [...open.values()].filter((c) => !c.auth).length
            const full = open.size >= maxConnections
            const oldest = waitingOldest()
            const r = a.admit(id)
            if (r.admitted && 'evict' in r) {
              expect(r.why).toBe(full ? 'connections' : 'unauthenticated')
              const victim = open.get(r.evict)
              // Only an open, unauthenticated connection with no request in progress is closed to make room,
              // the oldest one, and to keep the budget only once it has had its grace.
              expect(victim).toMatchObject({ auth: false, busy: false, since: oldest })
              expect(full || t - (victim?.since ?? t) >= GRACE).toBe(true)
              open.delete(r.evict)
            } else if (r.admitted) {
              expect(full).toBe(false)
              if (unauth >= budget) expect(t - (oldest ?? -Infinity)).toBeLessThan(GRACE)
            } else {
              // Refused only when there is no room and nothing that may be closed to make it.
              expect(full || unauth >= budget).toBe(true)
              expect(oldest).toBe(Infinity)
            }
            if (r.admitted) open.set(id, { auth: false, busy: false, since: t })
          } else {
            const ids = [...open.keys()]
            const id = ids[o.which % Math.max(1, ids.length)]
            const c = id === undefined ? undefined : open.get(id)
            if (id === undefined || c === undefined) continue
            if (o.kind === 'busy') (a.busy(id), (c.busy = true))
            if (o.kind === 'idle' && c.busy) (a.idle(id), (c.busy = false), (c.since = t))
            if (o.kind === 'authenticate') (a.authenticate(id), (c.auth = true))
            if (o.kind === 'release') (a.release(id), open.delete(id))
          }
          const unauth = [...open.values()].filter((c) => !c.auth).length
          expect([a.open, a.unauthenticated]).toEqual([open.size, unauth])
          expect(a.open).toBeLessThanOrEqual(maxConnections)
        }
      }),
      { numRuns: 500 },
    )
  })
})
