/** @module gate/circuit: a circuit breaker per upstream: fail fast while it is down, come back gently. */
import { VerbatimError, retryAfterSeconds } from '../errors/index.js'

export interface CircuitOptions {
  /** Consecutive connect failures or timeouts that open the circuit. */
  failures: number
  /** Time open before trying again, drawn with jitter from [coolDownMs / 2, coolDownMs * 3 / 2]. */
  coolDownMs: number
  /** Trial calls let through when half-open; all must succeed to close. */
  trialCalls: number
}

export type CircuitState = 'closed' | 'open' | 'half-open'

export interface Circuit {
  readonly state: CircuitState
  /** Throws ERR_GATE_CIRCUIT_OPEN (with a Retry-After drawn from 1 to 5 s) if no call may go now; else admits one. */
  admit(): void
  /** The outcome of an admitted call: `fault` for a connect failure or a timeout. */
  settle(outcome: 'ok' | 'fault'): void
  /** An admitted call that was never sent (its approval failed): it was no trial. */
  abandon(): void
}

/**
 * Closed: calls go; `failures` consecutive faults open it. Open: calls fail fast until a jittered
 * cool-down has passed (so that many gates do not all come back at one instant). Half-open: up to
 * `trialCalls` calls go; if they all succeed it closes, and any fault opens it again. Time and
 * randomness are injected.
 */
export function createCircuit(o: CircuitOptions, now: () => number, random: () => number = Math.random, onChange?: (s: CircuitState) => void): Circuit {
  let state: CircuitState = 'closed'
  let faults = 0
  let openUntil = 0
  let trials = 0
  let trialOk = 0
  const set = (s: CircuitState): void => {
    if (s !== state) onChange?.(s)
    state = s
  }
  const open = (): void => {
    openUntil = now() + o.coolDownMs * (0.5 + random())
    set('open')
  }
  return {
    get state() {
      if (state === 'open' && now() >= openUntil) return 'half-open'
      return state
    },
    admit() {
      if (state === 'open') {
        if (now() < openUntil) {
          // 1 to 5 s like every shed answer (docs/operations.md): whoever comes back while it is still open is refused as cheaply again.
          throw new VerbatimError('ERR_GATE_CIRCUIT_OPEN', 'the upstream is failing; calls fail fast until it recovers', { detail: { retryAfter: Number(retryAfterSeconds(random)), shed: 'circuit' } })
        }
        set('half-open')
        trials = 0
        trialOk = 0
      }
      if (state === 'half-open') {
        if (trials >= o.trialCalls) throw new VerbatimError('ERR_GATE_CIRCUIT_OPEN', 'the upstream is being tried again; calls fail fast until the trial calls succeed', { detail: { retryAfter: Number(retryAfterSeconds(random)), shed: 'circuit' } })
        trials++
      }
    },
    settle(outcome) {
      if (outcome === 'fault') {
        faults++
        if (state === 'half-open' || faults >= o.failures) open()
        return
      }
      faults = 0
      if (state === 'half-open' && ++trialOk >= o.trialCalls) set('closed')
    },
    abandon() {
      if (state === 'half-open' && trials > 0) trials--
    },
  }
}
