import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createCircuit, createLimiter } from '../../src/gate/index.js'
import type { Timer } from '../../src/gate/index.js'
import type { VerbatimError } from '../../src/errors/index.js'

const opts = { failures: 3, coolDownMs: 10_000, trialCalls: 2 }
const codeOf = (fn: () => void): string | undefined => {
  try {
    fn()
  } catch (e) {
    return (e as VerbatimError).code
  }
  return undefined
}

describe('circuit breaker (per upstream)', () => {
  it('opens after consecutive faults, fails fast with a Retry-After, half-opens after the jittered cool-down, closes when the trials succeed', () => {
    let now = 0
    const states: string[] = []
    const c = createCircuit(opts, () => now, () => 0.5, (s) => states.push(s))
    for (let i = 0; i < 3; i++) {
      c.admit()
      c.settle('fault')
    }
    expect(c.state).toBe('open')
    let err: VerbatimError | undefined
    try {
      c.admit()
    } catch (e) {
      err = e as VerbatimError
    }
    expect(err?.code).toBe('ERR_GATE_CIRCUIT_OPEN')
    expect(err?.detail?.['retryAfter']).toBeGreaterThanOrEqual(1)
    now = 9_999 // cool-down with random() = 0.5 is exactly 10 000 ms
    expect(codeOf(() => c.admit())).toBe('ERR_GATE_CIRCUIT_OPEN')
    now = 10_000
    expect(c.state).toBe('half-open')
    expect(codeOf(() => c.admit())).toBeUndefined()
    expect(codeOf(() => c.admit())).toBeUndefined()
    expect(codeOf(() => c.admit())).toBe('ERR_GATE_CIRCUIT_OPEN') // only trialCalls go while half-open
    c.settle('ok')
    c.settle('ok')
    expect(c.state).toBe('closed')
    expect(states).toEqual(['open', 'half-open', 'closed'])
  })

  it('opens again when a trial call fails, and a success resets the count of faults', () => {
    let now = 0
    const c = createCircuit(opts, () => now, () => 0.5)
    c.settle('fault')
    c.settle('fault')
    c.settle('ok')
    c.settle('fault')
    c.settle('fault')
    expect(c.state).toBe('closed')
    c.settle('fault')
    expect(c.state).toBe('open')
    now = 10_000
    c.admit()
    c.settle('fault')
    expect(c.state).toBe('open')
  })

  it('spreads the cool-down: different draws give different reopening times', () => {
    const reopen = (r: number): number => {
      let now = 0
      const c = createCircuit({ ...opts, failures: 1 }, () => now, () => r)
      c.settle('fault')
      for (now = 0; now < 20_000; now += 100) if (c.state === 'half-open') return now
      return -1
    }
    expect(new Set([0, 0.25, 0.75, 0.99].map(reopen)).size).toBe(4)
  })
})

describe('limiter: bounded concurrency with a timed queue', () => {
  it('refuses at once beyond the queue, times a waiter out, and grants in order', async () => {
    const fire: Array<() => void> = []
    const timer: Timer = (fn) => {
      fire.push(fn)
      return () => undefined
    }
    const l = createLimiter(1, 1, 500, timer)
    const first = await l.acquire()
    const second = l.acquire()
    await expect(l.acquire()).rejects.toMatchObject({ code: 'ERR_GATE_OVERLOADED' })
    fire[0]?.()
    await expect(second).rejects.toMatchObject({ code: 'ERR_GATE_OVERLOADED', message: expect.stringContaining('500 ms') as unknown })
    const third = l.acquire()
    first()
    const release = await third
    expect(l.active).toBe(1)
    release()
    release()
    expect(l.active).toBe(0)
  })
})

describe('circuit Retry-After', () => {
  it('is always a whole number of seconds from 1 to 5 (docs/operations.md), open or half-open, whatever the cool-down', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 600_000 }), fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { minLength: 8, maxLength: 8 }), fc.nat(1_000_000), (coolDownMs, draws, later) => {
      let now = 0
      let i = 0
      const c = createCircuit({ failures: 1, coolDownMs, trialCalls: 1 }, () => now, () => draws[i++ % draws.length] as number)
      c.admit()
      c.settle('fault')
      const seen: unknown[] = []
      for (const t of [0, later]) {
        now = t
        for (let k = 0; k < 2; k++) {
          try {
            c.admit()
          } catch (e) {
            seen.push((e as VerbatimError).detail?.['retryAfter'])
          }
        }
      }
      return seen.length > 0 && seen.every((r) => Number.isInteger(r) && (r as number) >= 1 && (r as number) <= 5)
    }))
  })
})
