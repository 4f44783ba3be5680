/**
 * @module tests/resilience/load: agents that call a gate in a loop as real clients do (only what
 * carries Retry-After is retried after it, with full jitter), a per-second tally of what they got,
 * and its chart; shared by the mass-failure scenarios.
 */
import { readFileSync } from 'node:fs'

export const TOTAL_TIMEOUT_MS = 10_000
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

export interface Second { ok: number; shed: number; other: number; circuit: number; ready: number }

export function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return Number(m?.[1] ?? 0) / 1024
}

export function chart(seconds: Second[], marks: Record<number, string>): string {
  const peak = Math.max(1, ...seconds.map((s) => s.ok))
  const rows = seconds.map((s, i) => {
    const bar = '#'.repeat(Math.round((s.ok / peak) * 40)).padEnd(40)
    const circuit = ['closed', 'half-open', 'open'][s.circuit] ?? '?'
    return `${String(i).padStart(3)}s ${bar} ${String(s.ok).padStart(5)} ok/s ${String(s.shed).padStart(5)} shed ${String(s.other).padStart(4)} other  circuit ${circuit.padEnd(9)} ${marks[i] ?? ''}`
  })
  return rows.join('\n')
}

/** The load and what it saw: answers per second, Retry-After values, codes, hung calls. */
export class Load {
  readonly t0 = Date.now()
  readonly seconds: Second[] = []
  readonly retryAfter: number[] = []
  readonly hung: string[] = []
  readonly codes = new Map<string, number>()
  readonly marks: Record<number, string> = {}
  stopped = false
  #agents: Promise<void>[] = []

  constructor(private readonly url: string, private readonly token: string, private readonly body = '{"path":"/workspace"}') {}

  bucket(): Second {
    const i = Math.floor((Date.now() - this.t0) / 1000)
    while (this.seconds.length <= i) this.seconds.push({ ok: 0, shed: 0, other: 0, circuit: 0, ready: 1 })
    return this.seconds[i] as Second
  }

  mark(what: string): number {
    const i = Math.floor((Date.now() - this.t0) / 1000)
    this.marks[i] = `${this.marks[i] ?? ''}<- ${what} `
    return i
  }

  start(agents: number): void {
    this.#agents = Array.from({ length: agents }, () => this.#agent())
  }

  async stop(): Promise<void> {
    this.stopped = true
    await Promise.all(this.#agents)
  }

  async #agent(): Promise<void> {
    while (!this.stopped) {
      let res: Response
      try {
        res = await fetch(this.url, { method: 'POST', headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' }, body: this.body, signal: AbortSignal.timeout(TOTAL_TIMEOUT_MS) })
      } catch (e) {
        this.hung.push(String(e))
        continue
      }
      const text = await res.text()
      if (res.status === 200) {
        this.bucket().ok++
        continue
      }
      const code = (JSON.parse(text) as { code?: string }).code ?? String(res.status)
      this.codes.set(code, (this.codes.get(code) ?? 0) + 1)
      const ra = Number(res.headers.get('retry-after'))
      if (Number.isFinite(ra) && ra > 0) {
        this.bucket().shed++
        this.retryAfter.push(ra)
        await sleep(Math.random() * ra * 1000) // full jitter, as examples/agent does
      } else {
        this.bucket().other++
        await sleep(200 + Math.random() * 300)
      }
    }
  }

  /**
   * The outage: kills the executor (marked), leaves it down for `downMs`, starts it again (marked),
   * then waits up to `boundS` for the rate to come back; says when each happened and the baseline.
   */
  async outage(o: { what: string; kill: () => Promise<void>; restart: () => Promise<void>; downMs: number; boundS: number }): Promise<{ baseline: number; recoveredAt: number }> {
    const killedAt = this.mark(o.what)
    await o.kill()
    await sleep(o.downMs)
    const restartedAt = this.mark('executor restarted')
    await o.restart()
    const baseline = this.baseline(killedAt)
    const recoveredAt = await this.recovery(restartedAt, baseline, o.boundS)
    await this.stop()
    return { baseline, recoveredAt }
  }

  /** The median ok/s of the whole seconds before `until` (the first is partial). */
  baseline(until: number): number {
    return [...this.seconds.slice(1, until)].map((s) => s.ok).sort((a, b) => a - b)[Math.floor((until - 1) / 2)] ?? 0
  }

  /**
   * Waits up to `boundS` seconds for the chain to be whole again: two whole seconds in a row after
   * `from` in which calls succeed, none is shed or fails, and the circuit is closed. The first of
   * them, or -1. Throughput against `baseline` is printed (the mark), not asserted: on a shared
   * machine it measures the neighbours as much as the gate.
   */
  async recovery(from: number, baseline: number, boundS: number): Promise<number> {
    const whole = (s: Second | undefined): boolean => s !== undefined && s.ok > 0 && s.shed === 0 && s.other === 0 && s.circuit === 0
    for (let waited = 0; waited < boundS; waited++) {
      await sleep(1000)
      const now = Math.floor((Date.now() - this.t0) / 1000)
      for (let i = from + 1; i + 1 < now; i++) {
        if (whole(this.seconds[i]) && whole(this.seconds[i + 1])) {
          const rate = Math.min(this.seconds[i]?.ok ?? 0, this.seconds[i + 1]?.ok ?? 0)
          this.mark(`recovered: ${baseline > 0 ? Math.round((100 * rate) / baseline) : 0}% of the baseline`)
          return i
        }
      }
    }
    return -1
  }
}
