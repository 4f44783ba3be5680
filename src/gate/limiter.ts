/** @module gate/limiter: bounded concurrency with a bounded queue, per upstream. */
import { VerbatimError } from '../errors/index.js'

export interface Limiter {
  run<T>(task: () => Promise<T>): Promise<T>
  readonly active: number
  readonly queued: number
}

/**
 * At most `maxConcurrent` tasks run; up to `maxQueue` wait in FIFO order; beyond that the call is
 * refused at once (503) rather than piling up behind a failing upstream (DESIGN invariant 7).
 */
export function createLimiter(maxConcurrent: number, maxQueue: number): Limiter {
  let active = 0
  const waiting: Array<() => void> = []
  const release = (): void => {
    const next = waiting.shift()
    if (next) next()
    else active--
  }
  return {
    get active() {
      return active
    },
    get queued() {
      return waiting.length
    },
    async run<T>(task: () => Promise<T>): Promise<T> {
      if (active >= maxConcurrent) {
        if (waiting.length >= maxQueue) throw new VerbatimError('ERR_GATE_OVERLOADED', 'upstream concurrency limit and queue are full')
        await new Promise<void>((resolve) => waiting.push(resolve))
      } else {
        active++
      }
      try {
        return await task()
      } finally {
        release()
      }
    },
  }
}
