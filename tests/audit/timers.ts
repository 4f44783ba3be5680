/** @module tests/audit/timers: fake timers that a test advances by hand; no test waits on the wall clock. */
import type { AuditTimers, TimerTask } from '../../src/audit/index.js'

export interface ManualTimers extends AuditTimers {
  /** Moves time forward, runs every task that falls due (in time order), and waits for the work they return. */
  advance(ms: number): Promise<void>
  /** Timers still armed. */
  armed(): number
  /** Resolves once `n` timers have been armed in all (an event, not a wait on the clock). */
  untilArmed(n: number): Promise<void>
}

interface Entry { at: number; every: number | undefined; task: TimerTask; live: boolean }

export function manualTimers(): ManualTimers {
  let now = 0
  let total = 0
  const waiters: { n: number; resolve: () => void }[] = []
  const entries = new Set<Entry>()
  const add = (ms: number, task: TimerTask, every: number | undefined): (() => void) => {
    const e: Entry = { at: now + ms, every, task, live: true }
    entries.add(e)
    total++
    for (const w of waiters.filter((x) => x.n <= total)) w.resolve()
    return () => {
      e.live = false
      entries.delete(e)
    }
  }
  return {
    every: (ms, task) => add(ms, task, ms),
    after: (ms, task) => add(ms, task, undefined),
    armed: () => entries.size,
    untilArmed: (n) => (n <= total ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ n, resolve }))),
    async advance(ms) {
      const until = now + ms
      for (;;) {
        const due = [...entries].filter((e) => e.at <= until).sort((a, b) => a.at - b.at)[0]
        if (due === undefined) break
        now = due.at
        if (due.every === undefined) entries.delete(due)
        else due.at += due.every
        await due.task()
      }
      now = until
    },
  }
}
